package org.netllm.adapt.model;

/**
 * Settings of the return-conditioned (decision-transformer) pipeline.
 *
 * @param window      steps of context the model sees (w)
 * @param maxTimestep rows of the timestep embedding; later steps share the last row
 * @param returnScale returns-to-go are divided by this before they are embedded, to keep the token near unit size
 */
public record ReturnConditioning(int window, int maxTimestep, double returnScale) {

    public ReturnConditioning {
        if (window < 1 || maxTimestep < 1 || !(returnScale > 0)) {
            throw new IllegalArgumentException("return conditioning needs window >= 1, maxTimestep >= 1 and "
                    + "returnScale > 0, got window " + window + ", maxTimestep " + maxTimestep
                    + ", returnScale " + returnScale);
        }
    }
}
