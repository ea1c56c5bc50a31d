package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.checkpoint.BackboneRef;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneLoadException;

/**
 * A CJS model on disk: {@code cjs-adapter.json} ({@link CjsCheckpointConfig}) and {@code adapter.safetensors} (the
 * mode's trainable weights, fp32, DJL parameter names), as the engine's adapter checkpoints store theirs.
 */
public final class CjsCheckpoint {

    public static final String CONFIG = "cjs-adapter.json";
    public static final String WEIGHTS = AdapterCheckpoint.WEIGHTS;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CjsCheckpoint() {
    }

    /** A loaded checkpoint. */
    public record Loaded(CjsModel model, CjsCheckpointConfig config) {

        /** The scheduler over it, deciding and conditioned as the file records (greedy and its target by default). */
        public NetllmCjsScheduler scheduler(String name, NDManager manager) {
            return config.decodingRule().applyTo(new NetllmCjsScheduler(name, model, config.conditioning(), manager));
        }
    }

    /** Writes the config and the mode's trainable weights into {@code dir} (created if needed). */
    public static void save(Path dir, CjsModel model, CjsCheckpointConfig config) throws IOException {
        AdapterCheckpoint.writeTrainable(dir, CONFIG, config, model.getParameters(),
                AdaptationTrainer.selectTrainable(model, config.mode()));
    }

    /** Reads {@code cjs-adapter.json}. */
    public static CjsCheckpointConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException("no CJS model in " + dir + ": " + CONFIG + " is missing (a CJS model"
                    + " directory, written by 'netllm cjs adapt', holds " + CONFIG + " and " + WEIGHTS + ")");
        }
        CjsCheckpointConfig config;
        try {
            config = JSON.readValue(file.toFile(), CjsCheckpointConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new AdapterLoadException(file + " is not a valid CJS model config: " + e.getMessage(), e);
        }
        if (config.format() != CjsCheckpointConfig.FORMAT) {
            throw new AdapterLoadException(file + " has format " + config.format() + "; this version reads format "
                    + CjsCheckpointConfig.FORMAT);
        }
        if (config.decoding() != null && !config.decoding().equals("greedy") && !config.decoding().equals("sampled")) {
            throw new AdapterLoadException(file + ": decoding '" + config.decoding() + "' is not greedy or sampled");
        }
        if (config.temperature() != null && (!NetllmCjsScheduler.isTemperature(config.temperature())
                || config.choice() != NetllmCjsScheduler.Choice.SAMPLED)) {
            throw new AdapterLoadException(file + ": temperature " + config.temperature() + " needs \"decoding\":"
                    + " \"sampled\" and a positive finite value (or leave it out: 1)");
        }
        if (config.backbone() == null || config.mode() == null || config.model() == null
                || config.conditioning() == null) {
            throw new AdapterLoadException(file + " lacks one of backbone, mode, model, conditioning");
        }
        return config;
    }

    /** Loads the model and the backbone it names (an embedded name, a checkpoint directory, or tiny). */
    public static Loaded load(Path dir, NDManager manager) {
        CjsCheckpointConfig config = readConfig(dir);
        BackboneRef ref = config.backbone();
        Backbone backbone;
        try {
            backbone = BackboneChoice.rebuild(ref, manager);
        } catch (BackboneLoadException e) {
            throw new AdapterLoadException("the CJS model in " + dir + " needs backbone " + ref.model()
                    + ", which cannot be loaded: " + e.getMessage(), e);
        }
        String difference = ref.differenceTo(backbone);
        if (difference != null) {
            throw new AdapterLoadException("cannot load the CJS model in " + dir + ": " + difference);
        }
        CjsModel model = new CjsModel(backbone, config.model()).initialize(manager);
        AdapterCheckpoint.readTrainable(dir, CONFIG, model.getParameters(),
                AdaptationTrainer.selectTrainable(model, config.mode()), "CJS model");
        return new Loaded(model, config);
    }
}
