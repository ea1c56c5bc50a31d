package org.netllm.adapt;

import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;

/** Tiny random decoders from the backbone module, small enough for a test to train in seconds. */
public final class TinyBackbones {

    public static final int WIDTH = 32;

    private TinyBackbones() {
    }

    /** Two layers, d=32, four heads, LoRA rank 4 on q and v. */
    public static Backbone withLora(long seed, NDManager manager) {
        return Backbones.tiny(2, WIDTH, 4, seed, Optional.of(LoraConfig.ofRank(4, seed)), manager);
    }

    /** The same architecture without adapters. */
    public static Backbone plain(long seed, NDManager manager) {
        return Backbones.tiny(2, WIDTH, 4, seed, Optional.empty(), manager);
    }
}
