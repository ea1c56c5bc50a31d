package org.netllm.backbone.hf;

import java.nio.file.Path;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.WeightSource;

/** A Hugging Face checkpoint directory: {@code config.json} plus safetensors weights. */
public final class HfCheckpoint {

    private HfCheckpoint() {
    }

    /** Opens a checkpoint directory. */
    public static HfCheckpoint open(Path dir) {
        throw new BackboneLoadException("Hugging Face checkpoint directories are not supported yet: " + dir);
    }

    /** The architecture its config describes. */
    public Architecture architecture() {
        throw new UnsupportedOperationException();
    }

    /** Its weights under canonical names. */
    public WeightSource weights() {
        throw new UnsupportedOperationException();
    }
}
