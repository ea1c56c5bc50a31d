package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.checkpoint.BackboneRef;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.Backbones;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsException;
import org.netllm.safetensors.SafetensorsFile;

/**
 * A CJS model on disk: {@code cjs-adapter.json} ({@link CjsCheckpointConfig}) and {@code adapter.safetensors} (the
 * mode's trainable weights, fp32, DJL parameter names), as the engine's adapter checkpoints store theirs.
 */
public final class CjsCheckpoint {

    public static final String CONFIG = "cjs-adapter.json";
    public static final String WEIGHTS = "adapter.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CjsCheckpoint() {
    }

    /** A loaded checkpoint. */
    public record Loaded(CjsModel model, CjsCheckpointConfig config) {

        /** The greedy scheduler over it, conditioned on the recorded target return. */
        public NetllmCjsScheduler scheduler(String name, NDManager manager) {
            return new NetllmCjsScheduler(name, model, config.conditioning(), manager);
        }
    }

    /** Writes the config and the mode's trainable weights into {@code dir} (created if needed). */
    public static void save(Path dir, CjsModel model, CjsCheckpointConfig config) throws IOException {
        Files.createDirectories(dir);
        var trainable = new IdentityHashMap<Parameter, Boolean>();
        AdaptationTrainer.selectTrainable(model, config.mode()).forEach(p -> trainable.put(p, true));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (var entry : model.getParameters()) {
            if (trainable.containsKey(entry.getValue())) {
                var array = entry.getValue().getArray();
                tensors.put(entry.getKey(), new FloatTensor(array.getShape().getShape(), array.toFloatArray()));
            }
        }
        Path weights = dir.resolve(WEIGHTS + ".tmp");
        SafetensorsFile.write(weights, tensors);
        Path json = dir.resolve(CONFIG + ".tmp");
        JSON.writeValue(json.toFile(), config);
        Files.move(weights, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(json, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
            backbone = BackboneChoice.TINY.equals(ref.model())
                    ? Backbones.tiny(ref.layers(), ref.hiddenSize(), ref.heads(), ref.seed(),
                    Optional.ofNullable(ref.lora()), manager)
                    : Backbones.load(ref.model(), ref.options(), manager);
        } catch (BackboneLoadException e) {
            throw new AdapterLoadException("the CJS model in " + dir + " needs backbone " + ref.model()
                    + ", which cannot be loaded: " + e.getMessage(), e);
        }
        String difference = ref.differenceTo(backbone);
        if (difference != null) {
            throw new AdapterLoadException("cannot load the CJS model in " + dir + ": " + difference);
        }
        CjsModel model = new CjsModel(backbone, config.model()).initialize(manager);
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException("CJS model " + dir + " lacks its weights file " + WEIGHTS);
        }
        Map<String, FloatTensor> tensors;
        try {
            tensors = SafetensorsFile.readAll(file);
        } catch (SafetensorsException e) {
            throw new AdapterLoadException(e.getMessage() + "; save the model again", e);
        }
        var trainable = new IdentityHashMap<Parameter, Boolean>();
        AdaptationTrainer.selectTrainable(model, config.mode()).forEach(p -> trainable.put(p, true));
        var byName = new LinkedHashMap<String, Parameter>();
        for (var entry : model.getParameters()) {
            if (trainable.containsKey(entry.getValue())) {
                byName.put(entry.getKey(), entry.getValue());
            }
        }
        for (var name : tensors.keySet()) {
            if (!byName.containsKey(name)) {
                throw new AdapterLoadException(file + " holds tensor " + name + ", which the CJS model described by "
                        + CONFIG + " does not have; the files do not belong together");
            }
        }
        for (var entry : byName.entrySet()) {
            FloatTensor tensor = tensors.get(entry.getKey());
            if (tensor == null) {
                throw new AdapterLoadException(file + " lacks tensor " + entry.getKey() + " that the model needs");
            }
            long[] expected = entry.getValue().getArray().getShape().getShape();
            if (!Arrays.equals(expected, tensor.shape())) {
                throw new AdapterLoadException(file + ": tensor " + entry.getKey() + " has shape "
                        + Arrays.toString(tensor.shape()) + " but the model expects " + Arrays.toString(expected));
            }
            entry.getValue().getArray().set(FloatBuffer.wrap(tensor.values()));
        }
        return new Loaded(model, config);
    }
}
