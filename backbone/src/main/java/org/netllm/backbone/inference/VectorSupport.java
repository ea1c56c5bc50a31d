package org.netllm.backbone.inference;

/** Whether the incubating Vector API is in this JVM's boot layer (it is not unless asked for). */
final class VectorSupport {

    private VectorSupport() {
    }

    static boolean available() {
        return !Boolean.getBoolean("netllm.inference.noVector")
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
