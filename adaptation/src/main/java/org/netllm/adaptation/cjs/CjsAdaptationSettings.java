package org.netllm.adaptation.cjs;

import java.util.List;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.controller.cjs.learned.CjsDecoding;

/**
 * One CJS adaptation run's choices.
 *
 * @param backbone      minilm, bge-small, tiny or a checkpoint directory
 * @param mode          which weights train
 * @param rank          LoRA rank
 * @param window        context window w in decisions
 * @param steps         optimizer steps
 * @param batch         windows per step
 * @param learningRate  peak learning rate
 * @param decay         after warmup
 * @param validateEvery steps between validations (0: after the last only)
 * @param targetReturns normalised returns to condition on (empty: the pool's best); the first while training
 * @param seed          adapters, heads, sampling
 * @param normalisation {@code job-time} (default) or {@code netllm} (NetLLM's min–max rewards, for the ablation)
 * @param decodings     candidate decodings scored on validation after the target (empty: the selection's, unscored)
 * @param validThreads  validation episodes played at once
 * @param selection     the decoding every checkpoint and target is validated with
 * @param averageDecay  decay of the moving average of the weights that checkpoints are (0: the step's weights)
 */
public record CjsAdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batch,
                                    double learningRate, LearningRateDecay decay, int validateEvery,
                                    List<Double> targetReturns, long seed, String normalisation,
                                    List<CjsDecoding> decodings, int validThreads, CjsDecoding selection,
                                    double averageDecay) {

    /** Checkpoints (the step's weights, not averaged) and targets validated greedily. */
    public CjsAdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batch,
                                 double learningRate, LearningRateDecay decay, int validateEvery,
                                 List<Double> targetReturns, long seed, String normalisation,
                                 List<CjsDecoding> decodings, int validThreads) {
        this(backbone, mode, rank, window, steps, batch, learningRate, decay, validateEvery, targetReturns, seed,
                normalisation, decodings, validThreads, CjsDecoding.GREEDY, 0);
    }

    public CjsAdaptationSettings {
        if (rank < 1 || window < 1 || steps < 1 || batch < 1 || validateEvery < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("rank, window, steps and batch must be at least 1, validate-every at"
                    + " least 0 and the learning rate positive; got rank " + rank + ", window " + window + ", steps "
                    + steps + ", batch " + batch + ", validate-every " + validateEvery + ", lr " + learningRate);
        }
        if (!"job-time".equals(normalisation) && !"netllm".equals(normalisation)) {
            throw new IllegalArgumentException("reward normalisation '" + normalisation + "' is not one of job-time,"
                    + " netllm");
        }
        if (validThreads < 1) {
            throw new IllegalArgumentException("validation threads must be at least 1, got " + validThreads);
        }
        if (selection == null) {
            throw new IllegalArgumentException("a selection decoding is needed (greedy for the argmax)");
        }
        TrainingConfig.requireAverageDecay(averageDecay);
        targetReturns = List.copyOf(targetReturns);
        decodings = List.copyOf(decodings);
    }
}
