package org.netllm.adapt.model;

import ai.djl.engine.Engine;
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
}
