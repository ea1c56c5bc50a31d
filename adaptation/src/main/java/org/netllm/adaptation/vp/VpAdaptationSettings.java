package org.netllm.adaptation.vp;

import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;

/**
 * One VP adaptation run; build it with {@link #builder()}.
 *
 * @param backbone      {@code minilm}, {@code bge-small}, a Hugging Face checkpoint directory, or {@code tiny}
 * @param mode          LoRA (default), frozen, full fine-tuning or random-init backbone
 * @param rank          LoRA rank r
 * @param hw            history samples the model reads
 * @param pw            future samples one pass answers
 * @param steps         optimizer steps
 * @param batchSize     samples per step
 * @param learningRate  peak AdamW learning rate
 * @param decay         what the rate does after warmup
 * @param validateEvery steps between validations (0: only after the last)
 * @param trainStride   samples between training anchors (every window of a training trace that fits, this far apart)
 * @param loss          what training minimises on the normalised offsets
 * @param seed          seeds adapters, encoder, head, batch sampling and dropout
 * @param averageDecay  decay of the moving average of the weights that validation scores and the checkpoint keeps
 *                      (0: each step's own weights)
 */
public record VpAdaptationSettings(String backbone, AdaptationMode mode, int rank, int hw, int pw, int steps,
        int batchSize, double learningRate, LearningRateDecay decay, int validateEvery, int trainStride, VpLoss loss, long seed,
        double averageDecay) {

    public VpAdaptationSettings {
        if (rank < 1 || hw < 1 || pw < 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || validateEvery < 0
                || trainStride < 1 || loss == null) {
            throw new IllegalArgumentException("invalid VP adaptation settings: rank " + rank + ", hw " + hw + ", pw "
                    + pw + ", steps " + steps + ", batch " + batchSize + ", lr " + learningRate + ", validate every "
                    + validateEvery + ", train stride " + trainStride);
        }
        TrainingConfig.requireAverageDecay(averageDecay);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: MiniLM, LoRA r=8, hw 10, pw 20, 2000 steps of 32, lr 3e-4 cosine, validation every 250, stride 2, MSE. */
    public static final class Builder {
        private String backbone = "minilm";
        private AdaptationMode mode = AdaptationMode.LORA;
        private int rank = 8;
        private int hw = 10;
        private int pw = 20;
        private int steps = 2000;
        private int batchSize = 32;
        private double learningRate = 3e-4;
        private LearningRateDecay decay = LearningRateDecay.COSINE;
        private int validateEvery = 250;
        private int trainStride = 2;
        private VpLoss loss = VpLoss.MSE;
        private long seed = 1;
        private double averageDecay;

        public Builder backbone(String v) { backbone = v; return this; }
        public Builder mode(AdaptationMode v) { mode = v; return this; }
        public Builder rank(int v) { rank = v; return this; }
        public Builder hw(int v) { hw = v; return this; }
        public Builder pw(int v) { pw = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder decay(LearningRateDecay v) { decay = v; return this; }
        public Builder validateEvery(int v) { validateEvery = v; return this; }
        public Builder trainStride(int v) { trainStride = v; return this; }
        public Builder loss(VpLoss v) { loss = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder averageDecay(double v) { averageDecay = v; return this; }

        public VpAdaptationSettings build() {
            return new VpAdaptationSettings(backbone, mode, rank, hw, pw, steps, batchSize, learningRate, decay,
                    validateEvery, trainStride, loss, seed, averageDecay);
        }
    }
}
