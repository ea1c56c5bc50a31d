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
 */
public record TrainingConfig(int steps, int batchSize, int accumulation, double learningRate, double weightDecay,
        int warmupSteps, double clipNorm, long seed, int validateEvery, boolean progress, LearningRateDecay decay) {

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
        java.util.Objects.requireNonNull(decay, "decay");
    }

    /** A config whose rate stays constant after warmup. */
    public TrainingConfig(int steps, int batchSize, int accumulation, double learningRate, double weightDecay,
            int warmupSteps, double clipNorm, long seed, int validateEvery, boolean progress) {
        this(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm, seed, validateEvery,
                progress, LearningRateDecay.CONSTANT);
    }

    /** NetLLM's defaults (lr 1e-4, weight decay 1e-4, warmup 2000 capped at a tenth of the run, clip 0.25). */
    public static TrainingConfig defaults(int steps, int batchSize) {
        return new TrainingConfig(steps, batchSize, 1, 1e-4, 1e-4, Math.min(2000, steps / 10), 0.25, 1, 0, true);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(steps, batchSize, accumulation, lr, weightDecay, warmupSteps, clipNorm, seed,
                validateEvery, progress, decay);
    }

    public TrainingConfig withAccumulation(int n) {
        return new TrainingConfig(steps, batchSize, n, learningRate, weightDecay, warmupSteps, clipNorm, seed,
                validateEvery, progress, decay);
    }

    public TrainingConfig withValidation(int every) {
        return new TrainingConfig(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm,
                seed, every, progress, decay);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm, s,
                validateEvery, progress, decay);
    }

    public TrainingConfig withoutProgress() {
        return new TrainingConfig(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm,
                seed, validateEvery, false, decay);
    }

    public TrainingConfig withDecay(LearningRateDecay d) {
        return new TrainingConfig(steps, batchSize, accumulation, learningRate, weightDecay, warmupSteps, clipNorm,
                seed, validateEvery, progress, d);
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
