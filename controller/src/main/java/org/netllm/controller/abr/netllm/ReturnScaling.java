package org.netllm.controller.abr.netllm;

/**
 * How raw per-chunk QoE rewards become the returns-to-go the model is conditioned on, as NetLLM does it: each
 * reward is min-max normalised over the experience pool to [0, 1] (clipped to that range), returns are
 * undiscounted suffix sums of the normalised rewards within a session, and they are divided by {@code scale}.
 *
 * @param rewardMin  the reward that maps to 0 (the adaptation uses the pool's 1st percentile; lower ones clip)
 * @param rewardMax  the largest raw reward in the pool
 * @param scale      the divisor of returns (the adaptation uses the pool's largest normalised session return,
 *                   so returns-to-go lie in [0, 1] on the pool)
 */
public record ReturnScaling(double rewardMin, double rewardMax, double scale) {

    public ReturnScaling {
        if (!(rewardMax > rewardMin) || !(scale > 0)) {
            throw new IllegalArgumentException("return scaling needs rewardMax > rewardMin and scale > 0, got min "
                    + rewardMin + ", max " + rewardMax + ", scale " + scale);
        }
    }

    /** The reward mapped to [0, 1] over the pool's range; rewards outside it are clipped. */
    public double normalise(double reward) {
        return Math.min(1.0, Math.max(0.0, (reward - rewardMin) / (rewardMax - rewardMin)));
    }

    /** What the return-to-go drops by when {@code reward} is received. */
    public double scaledReward(double reward) {
        return normalise(reward) / scale;
    }

    /** Scaled returns-to-go of one session's raw rewards: {@code rtg[t] = sum_{k >= t} normalise(r[k]) / scale}. */
    public float[] returnsToGo(float[] rewards) {
        float[] rtg = new float[rewards.length];
        double sum = 0;
        for (int t = rewards.length - 1; t >= 0; t--) {
            sum += normalise(rewards[t]);
            rtg[t] = (float) (sum / scale);
        }
        return rtg;
    }
}
