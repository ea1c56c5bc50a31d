package org.netllm.controller.cjs.learned;

/**
 * How the CJS model's rewards and returns are normalised and which return it is asked for.
 *
 * <p>{@code job-time} (the default): a return-to-go is the remaining episode return (minus the job time in ms)
 * divided by {@code returnScale} (the pool's mean episode return magnitude), so a step inside a round, whose reward
 * is 0, leaves it unchanged and an episode's return-to-go runs from about −1 to 0 in proportion to the job time
 * still to come: it carries the JCT signal. {@code netllm} (the ablation): each reward is first min–max scaled over
 * the pool, {@code (r − min) / (max − min)}, as NetLLM does, which maps every zero-reward step to 1, so the
 * return-to-go mostly counts the decisions left.
 *
 * @param returnScale   a positive divisor of (normalised) returns
 * @param targetReturn  the normalised return of the first decision
 * @param normalisation {@link #JOB_TIME} or {@link #NETLLM}
 * @param rewardMin     the pool's lowest reward (used by {@link #NETLLM})
 * @param rewardMax     the pool's highest reward (used by {@link #NETLLM})
 */
public record CjsConditioning(double returnScale, double targetReturn, String normalisation, double rewardMin,
                              double rewardMax) {

    public static final String JOB_TIME = "job-time";
    public static final String NETLLM = "netllm";

    public CjsConditioning {
        if (!(returnScale > 0) || !Double.isFinite(targetReturn)) {
            throw new IllegalArgumentException("return scale must be positive and the target finite, got "
                    + returnScale + ", " + targetReturn);
        }
        if (!JOB_TIME.equals(normalisation) && !NETLLM.equals(normalisation)) {
            throw new IllegalArgumentException("reward normalisation '" + normalisation + "' is not one of "
                    + JOB_TIME + ", " + NETLLM);
        }
    }

    /** A step reward as returns count it, before the division by the scale. */
    public double reward(double raw) {
        if (NETLLM.equals(normalisation)) {
            double span = rewardMax - rewardMin;
            return span > 0 ? (raw - rewardMin) / span : 0;
        }
        return raw;
    }

    /** The same with another target. */
    public CjsConditioning withTarget(double target) {
        return new CjsConditioning(returnScale, target, normalisation, rewardMin, rewardMax);
    }
}
