package org.netllm.adaptation.vp;

import ai.djl.ndarray.NDArray;

/** What training minimises on the normalised offsets. */
public enum VpLoss {
    /** Mean squared error (the engine's regression loss; predicts the conditional mean). */
    MSE,
    /** Mean absolute error (the evaluation's own metric; predicts the conditional median). */
    L1;

    /** The mean loss of predictions against labels of the same shape. */
    public NDArray of(NDArray predicted, NDArray labels) {
        NDArray d = predicted.sub(labels);
        return this == MSE ? d.square().mean() : d.abs().mean();
    }
}
