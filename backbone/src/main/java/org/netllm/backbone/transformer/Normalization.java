package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** A normalisation layer over the last axis: LayerNorm or RMSNorm. */
public sealed interface Normalization extends Block permits LayerNorm, RmsNorm {

    /** Normalises {@code x (..., d)}. */
    NDArray apply(ParameterStore ps, NDArray x, boolean training);

    /** The kind of norm an architecture uses. */
    static Normalization of(Architecture arch) {
        return switch (arch.norm()) {
            case LAYER_NORM -> new LayerNorm(arch.hiddenSize(), arch.normEps());
            case RMS_NORM -> new RmsNorm(arch.normEps());
        };
    }
}
