package org.netllm.controller.abr.netllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How raw per-chunk QoE rewards become the returns-to-go the model is conditioned on, as NetLLM does it: each
 * reward is min-max normalised over the experience pool to [0, 1] (clipped to that range) and returns are
 * undiscounted suffix sums of the normalised rewards within a session. The divisor that brings returns near unit
 * size before they are embedded is the engine's ({@code ReturnConditioning.returnScale}), stored once there.
 *
 * @param rewardMin  the reward that maps to 0 (the adaptation uses the pool's 1st percentile; lower ones clip)
 * @param rewardMax  the largest raw reward in the pool
 */
// Checkpoints written before the divisor moved to the engine still carry it as "scale".
@JsonIgnoreProperties({"scale"})
public record ReturnScaling(double rewardMin, double rewardMax) {

    public ReturnScaling {
        if (!(rewardMax > rewardMin)) {
            throw new IllegalArgumentException("return scaling needs rewardMax > rewardMin, got min "
                    + rewardMin + ", max " + rewardMax);
        }
    }

    /** The reward mapped to [0, 1] over the pool's range; rewards outside it are clipped. */
    public double normalise(double reward) {
        return Math.min(1.0, Math.max(0.0, (reward - rewardMin) / (rewardMax - rewardMin)));
    }

    /** Returns-to-go of one session's raw rewards: {@code rtg[t] = sum_{k >= t} normalise(r[k])}. */
    public float[] returnsToGo(float[] rewards) {
        float[] rtg = new float[rewards.length];
        double sum = 0;
        for (int t = rewards.length - 1; t >= 0; t--) {
            sum += normalise(rewards[t]);
            rtg[t] = (float) sum;
        }
        return rtg;
    }
}
