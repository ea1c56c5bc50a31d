package org.netllm.adapt.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's grad mode, which is per thread: DJL only turns it off on the thread that started the engine. */
public final class Autograd {

    private Autograd() {
    }

    /**
     * Turns off graph recording on the calling thread, so inference builds no autograd graphs and optimizer
     * updates may change parameters in place. Gradient collectors turn it on for their own extent.
     */
    public static void disableOnThisThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * The gradient of {@code array}, or null when no backward pass has reached it (DJL would hand out a fresh
     * array of zeros instead, which costs memory and hides that the parameter took no part).
     */
    public static NDArray gradientOrNull(NDArray array) {
        if (array instanceof PtNDArray pt) {
            return JniUtils.getGradient(pt);
        }
        return array.hasGradient() ? array.getGradient() : null;
    }
}
