package org.netllm.backbone.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.WeightSource;

/**
 * A Hugging Face checkpoint directory: {@code config.json} (its {@code model_type} picks the family: gpt2, opt,
 * llama, mistral, qwen2) plus safetensors weights. The weights are opened only when asked for.
 */
public final class HfCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String modelType;
    private final Architecture architecture;

    private HfCheckpoint(Path dir, String modelType, Architecture architecture) {
        this.dir = dir;
        this.modelType = modelType;
        this.architecture = architecture;
    }

    /** Opens a checkpoint directory and reads its config. */
    public static HfCheckpoint open(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new BackboneLoadException(dir + " has no config.json; a model directory needs the Hugging Face "
                    + "config.json and model.safetensors");
        }
        ConfigJson config;
        try {
            config = new ConfigJson(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new BackboneLoadException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        String type = config.text("model_type", "");
        Architecture arch = switch (type) {
            case "gpt2" -> Gpt2Config.from(config).architecture();
            case "opt" -> OptConfig.from(config).architecture();
            case "llama", "mistral", "qwen2" -> LlamaConfig.from(config, type).architecture();
            default -> throw new BackboneLoadException(file + ": model_type '" + type + "' is not supported "
                    + "(supported: gpt2, opt, llama, mistral, qwen2)");
        };
        return new HfCheckpoint(dir, type, arch);
    }

    /** The architecture its config describes. */
    public Architecture architecture() {
        return architecture;
    }

    /** Its weights under canonical names (the safetensors files are opened now). */
    public WeightSource weights() {
        return switch (modelType) {
            case "gpt2" -> new Gpt2Weights(SafetensorsCheckpoint.open(dir, List.of("transformer.", "")),
                    architecture.hiddenSize());
            case "opt" -> new OptWeights(SafetensorsCheckpoint.open(dir, List.of("model.decoder.", "decoder.", "")));
            default -> new LlamaWeights(SafetensorsCheckpoint.open(dir, List.of("model.", "")));
        };
    }
}
