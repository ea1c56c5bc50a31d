package org.netllm.controller.cjs.learned;

/**
 * How the CJS model's returns are normalised and which return it is asked for.
 *
 * <p>Rewards are minus the job time between decisions (ms); a return-to-go is the remaining episode return divided
 * by {@code returnScale} (the pool's mean episode return magnitude), so a step inside a round, whose reward is 0,
 * leaves it unchanged and an episode's return-to-go runs from about −1 to 0 in proportion to the job time still to
 * come: it carries the JCT signal (NetLLM maps every zero-reward step to 1, so its return mostly counts steps).
 *
 * @param returnScale  a positive scale in ms of job time
 * @param targetReturn the normalised return of the first decision (negative: less job time is better)
 * @param normalisation a name for the record ({@code job-time})
 */
public record CjsConditioning(double returnScale, double targetReturn, String normalisation) {

    public CjsConditioning {
        if (!(returnScale > 0) || !Double.isFinite(targetReturn)) {
            throw new IllegalArgumentException("return scale must be positive and the target finite, got "
                    + returnScale + ", " + targetReturn);
        }
    }

    /** The same with another target. */
    public CjsConditioning withTarget(double target) {
        return new CjsConditioning(returnScale, target, normalisation);
    }
}
