package org.netllm.adapt.train;

/**
 * How DD-LRNA trains.
 *
 * @param steps          optimizer steps
 * @param batchSize      examples (or windows) per micro-batch
 * @param accumulation   micro-batches whose gradients are summed before each optimizer step
 * @param learningRate   peak AdamW learning rate
 * @param weightDecay    AdamW decoupled weight decay
 * @param warmupSteps    steps of linear warmup to the peak rate (then constant, as NetLLM's schedule)
 * @param clipNorm       global gradient-norm clip; 0 disables it
 * @param seed           seeds batch sampling and DJL's generator (initialisation, dropout)
 * @param validateEvery  steps between validation calls; 0 disables validation
 * @param progress       whether to draw a progress bar on stderr
 * @param decay          what the rate does after warmup
 * @param averageDecay   decay of an exponential moving average of the trained weights that validation scores and
 *                       the result keeps (Polyak averaging); 0 keeps the last step's weights, as NetLLM does
 */
public record TrainingConfig(int steps, int batchSize, int accumulation, double learningRate, double weightDecay,
        int warmupSteps, double clipNorm, long seed, int validateEvery, boolean progress, LearningRateDecay decay,
        double averageDecay) {

    /** What the learning rate does after warmup. */
    public enum LearningRateDecay {
        /** Stays at the peak (NetLLM's schedule). */
        CONSTANT,
        /** Follows a half cosine from the peak down to a tenth of it at the last step. */
        COSINE
    }

    public TrainingConfig {
        if (steps < 1 || batchSize < 1 || accumulation < 1 || !(learningRate > 0) || weightDecay < 0
                || warmupSteps < 0 || clipNorm < 0 || validateEvery < 0) {
            throw new IllegalArgumentException("invalid training config " + steps + " steps, batch " + batchSize
                    + " x " + accumulation + ", lr " + learningRate + ", weight decay " + weightDecay + ", warmup "
                    + warmupSteps + ", clip " + clipNorm + ", validate every " + validateEvery);
        }
        requireAverageDecay(averageDecay);
        java.util.Objects.requireNonNull(decay, "decay");
    }

    /** The decay of a moving average of the weights, refused outside [0, 1) with a message naming the option. */
    public static double requireAverageDecay(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("weight-average decay must be in [0, 1), got " + beta);
        }
        return beta;
    }

    /** NetLLM's defaults (lr 1e-4, weight decay 1e-4, warmup 2000 capped at a tenth of the run, clip 0.25). */
    public static TrainingConfig defaults(int steps, int batchSize) {
        return builder(steps, batchSize).build();
    }

    /** A builder starting from NetLLM's defaults (see {@link #defaults}), seed 1, no validation, a progress bar. */
    public static Builder builder(int steps, int batchSize) {
        return new Builder(steps, batchSize);
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(steps, batchSize).accumulation(accumulation).learningRate(learningRate)
                .weightDecay(weightDecay).warmupSteps(warmupSteps).clipNorm(clipNorm).seed(seed)
                .validateEvery(validateEvery).progress(progress).decay(decay).averageDecay(averageDecay);
    }

    public TrainingConfig withLearningRate(double lr) {
        return toBuilder().learningRate(lr).build();
    }

    public TrainingConfig withAccumulation(int n) {
        return toBuilder().accumulation(n).build();
    }

    public TrainingConfig withValidation(int every) {
        return toBuilder().validateEvery(every).build();
    }

    public TrainingConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public TrainingConfig withoutProgress() {
        return toBuilder().progress(false).build();
    }

    public TrainingConfig withDecay(LearningRateDecay d) {
        return toBuilder().decay(d).build();
    }

    public TrainingConfig withAverageDecay(double beta) {
        return toBuilder().averageDecay(beta).build();
    }

    /** Builds a {@link TrainingConfig} by named settings. */
    public static final class Builder {
        private final int steps;
        private final int batchSize;
        private int accumulation = 1;
        private double learningRate = 1e-4;
        private double weightDecay = 1e-4;
        private int warmupSteps;
        private double clipNorm = 0.25;
        private long seed = 1;
        private int validateEvery;
        private boolean progress = true;
        private LearningRateDecay decay = LearningRateDecay.CONSTANT;
        private double averageDecay;

        private Builder(int steps, int batchSize) {
            this.steps = steps;
            this.batchSize = batchSize;
            this.warmupSteps = Math.min(2000, steps / 10);
        }

        public Builder accumulation(int micro) {
            this.accumulation = micro;
            return this;
        }

        public Builder learningRate(double peak) {
            this.learningRate = peak;
            return this;
        }

        public Builder weightDecay(double decoupled) {
            this.weightDecay = decoupled;
            return this;
        }

        public Builder warmupSteps(int warmup) {
            this.warmupSteps = warmup;
            return this;
        }

        public Builder clipNorm(double clip) {
            this.clipNorm = clip;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder validateEvery(int every) {
            this.validateEvery = every;
            return this;
        }

        /** Whether to draw a progress bar on stderr. */
        public Builder progress(boolean draw) {
            this.progress = draw;
            return this;
        }

        public Builder decay(LearningRateDecay after) {
            this.decay = after;
            return this;
        }

        /** Decay of the weight average validation scores (0: none, the last step's weights). */
        public Builder averageDecay(double beta) {
            this.averageDecay = beta;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm,
                    seed, validateEvery, progress, decay, averageDecay);
        }
    }

    /** Learning rate at a 0-based step: linear warmup, then constant or a cosine down to a tenth of the peak. */
    public double learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        if (decay == LearningRateDecay.CONSTANT || steps - warmupSteps <= 1) {
            return learningRate;
        }
        double progress = (step - warmupSteps) / (double) (steps - warmupSteps - 1);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
