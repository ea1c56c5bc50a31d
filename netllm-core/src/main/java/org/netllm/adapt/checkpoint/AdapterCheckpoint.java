package org.netllm.adapt.checkpoint;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsException;
import org.netllm.safetensors.SafetensorsFile;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneLoadException;

/**
 * An adapter checkpoint is a directory: {@code adapter.json} ({@link AdapterConfig}) and
 * {@code adapter.safetensors} with the trained weights only (encoder, head, pipeline embeddings, and the
 * backbone's LoRA weights — or all of its weights after full fine-tuning). Tensor names are the DJL parameter
 * names of the model {@link #build} makes.
 */
public final class AdapterCheckpoint {

    public static final String CONFIG = "adapter.json";
    public static final String WEIGHTS = "adapter.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AdapterCheckpoint() {
    }

    /** A fresh model as the config describes it, around {@code backbone}, initialised (backbone untouched). */
    public static AdaptedModel build(AdapterConfig config, Backbone backbone, NDManager manager) {
        var encoder = new MultimodalEncoder(config.inputs(), backbone.spec().hiddenSize(), config.encoder());
        var head = NetworkingHead.of(config.head());
        if (config.conditioning() == null) {
            return new SupervisedAdapter(encoder, backbone, head).initialize(manager);
        }
        return new ReturnConditionedAdapter(encoder, backbone, head, config.conditioning()).initialize(manager);
    }

    /** Writes the config and the mode's trainable weights into {@code dir} (created if needed). */
    public static void save(Path dir, AdaptedModel model, AdapterConfig config) throws IOException {
        writeTrainable(dir, CONFIG, config, model.getParameters(), AdaptationTrainer.selectTrainable(model, config.mode()));
    }

    /**
     * Writes {@code config} as {@code configFile} and the {@code trainable} parameters (by their DJL names) as
     * {@link #WEIGHTS} into {@code dir}: the checkpoint layout of every adapted model, the engine's and a task's own.
     */
    public static void writeTrainable(Path dir, String configFile, Object config, ParameterList parameters,
                                      List<Parameter> trainable) throws IOException {
        Files.createDirectories(dir);
        var byIdentity = new java.util.IdentityHashMap<Parameter, Boolean>();
        trainable.forEach(p -> byIdentity.put(p, true));
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (var entry : parameters) {
            if (byIdentity.containsKey(entry.getValue())) {
                var array = entry.getValue().getArray();
                tensors.put(entry.getKey(), new FloatTensor(array.getShape().getShape(), array.toFloatArray()));
            }
        }
        // Write beside and move, so an interrupted save never leaves a half-written checkpoint behind.
        Path weights = dir.resolve(WEIGHTS + ".tmp");
        SafetensorsFile.write(weights, tensors);
        Path json = dir.resolve(configFile + ".tmp");
        JSON.writeValue(json.toFile(), config);
        Files.move(weights, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(json, dir.resolve(configFile), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code adapter.json}. */
    public static AdapterConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException("no adapter checkpoint in " + dir + ": " + CONFIG
                    + " is missing (an adapter directory holds " + CONFIG + " and " + WEIGHTS + ")");
        }
        AdapterConfig config;
        try {
            config = JSON.readValue(file.toFile(), AdapterConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new AdapterLoadException(file + " is not a valid adapter config: " + e.getMessage(), e);
        }
        if (config.format() != AdapterConfig.FORMAT) {
            throw new AdapterLoadException(file + " has format " + config.format() + "; this version reads format "
                    + AdapterConfig.FORMAT);
        }
        if (config.backbone() == null || config.inputs() == null || config.head() == null || config.mode() == null
                || config.encoder() == null) {
            throw new AdapterLoadException(file + " lacks one of backbone, mode, inputs, encoder, head");
        }
        return config;
    }

    /**
     * Loads the adapter and the backbone it names, rebuilt with the recorded weights and LoRA settings (an
     * embedded name, a checkpoint directory, or {@link BackboneChoice#TINY}).
     */
    public static AdaptedModel load(Path dir, NDManager manager) {
        var config = readConfig(dir);
        Backbone backbone;
        var ref = config.backbone();
        try {
            backbone = BackboneChoice.rebuild(ref, manager);
        } catch (BackboneLoadException e) {
            throw new AdapterLoadException("the adapter in " + dir + " needs backbone " + config.backbone().model()
                    + ", which cannot be loaded: " + e.getMessage(), e);
        }
        return load(dir, backbone, manager);
    }

    /**
     * Loads the adapter around a backbone the caller built.
     *
     * @throws AdapterLoadException when the backbone differs from the recorded one, or the weights file is
     *         missing, truncated, or disagrees with the config in names or shapes
     */
    public static AdaptedModel load(Path dir, Backbone backbone, NDManager manager) {
        var config = readConfig(dir);
        String difference = config.backbone().differenceTo(backbone);
        if (difference != null) {
            throw new AdapterLoadException("cannot load the adapter in " + dir + ": " + difference);
        }
        boolean hasLora = backbone.getParameters().keys().stream().anyMatch(AdaptationMode::isLoraParameter);
        if (config.mode().usesLora() && !hasLora) {
            throw new AdapterLoadException("cannot load the adapter in " + dir + ": it was trained with LoRA ("
                    + config.mode() + ") but the backbone has no LoRA adapters; build it with " + config.backbone().lora());
        }
        AdaptedModel model;
        try {
            model = build(config, backbone, manager);
        } catch (IllegalArgumentException e) {
            throw new AdapterLoadException("cannot rebuild the adapter in " + dir + ": " + e.getMessage(), e);
        }
        readTrainable(dir, CONFIG, model.getParameters(), AdaptationTrainer.selectTrainable(model, config.mode()),
                "adapter");
        return model;
    }

    /**
     * Sets the {@code trainable} parameters from {@code dir}'s {@link #WEIGHTS}, refusing a file that lacks one of them,
     * holds another, or disagrees in a shape (the message names the tensor and both shapes).
     *
     * @param configFile the config the weights belong with, named in the messages
     * @param what       what the checkpoint is, in the messages ("adapter", "CJS model")
     */
    public static void readTrainable(Path dir, String configFile, ParameterList parameters, List<Parameter> trainable,
                                     String what) {
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException(what + " checkpoint " + dir + " lacks its weights file " + WEIGHTS);
        }
        Map<String, FloatTensor> tensors;
        try {
            tensors = SafetensorsFile.readAll(file);
        } catch (SafetensorsException e) {
            throw new AdapterLoadException(e.getMessage() + "; save the " + what + " again", e);
        }
        var byIdentity = new java.util.IdentityHashMap<Parameter, Boolean>();
        trainable.forEach(p -> byIdentity.put(p, true));
        var byName = new LinkedHashMap<String, Parameter>();
        for (var entry : parameters) {
            if (byIdentity.containsKey(entry.getValue())) {
                byName.put(entry.getKey(), entry.getValue());
            }
        }
        for (var name : tensors.keySet()) {
            if (!byName.containsKey(name)) {
                throw new AdapterLoadException(file + " holds tensor " + name + ", which the " + what + " described by "
                        + configFile + " does not have; the files do not belong together");
            }
        }
        for (var entry : byName.entrySet()) {
            var tensor = tensors.get(entry.getKey());
            if (tensor == null) {
                throw new AdapterLoadException(file + " lacks tensor " + entry.getKey() + " that the model needs");
            }
            Shape expected = entry.getValue().getArray().getShape();
            if (!Arrays.equals(expected.getShape(), tensor.shape())) {
                throw new AdapterLoadException(file + ": tensor " + entry.getKey() + " has shape "
                        + Arrays.toString(tensor.shape()) + " but the model expects " + expected);
            }
        }
        for (var entry : byName.entrySet()) {
            entry.getValue().getArray().set(FloatBuffer.wrap(tensors.get(entry.getKey()).values()));
        }
    }
}
