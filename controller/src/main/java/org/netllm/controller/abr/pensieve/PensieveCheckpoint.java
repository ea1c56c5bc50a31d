package org.netllm.controller.abr.pensieve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsFile;

/** A trained Pensieve actor on disk: {@value #CONFIG} (what it is) and {@value #WEIGHTS} (DJL parameter names). */
public final class PensieveCheckpoint {

    /** The checkpoint's description. */
    public static final String CONFIG = "pensieve.json";
    /** The actor's weights; the critic is only needed to train, so it is not saved. */
    public static final String WEIGHTS = "actor.safetensors";

    /**
     * What {@code pensieve.json} holds.
     *
     * @param task    always {@value #TASK}
     * @param levels  the actor's outputs, the ladder size it was trained on
     * @param state   the state encoding ({@value #STATE})
     * @param filters filters of each convolution
     * @param units   units of the dense layers
     */
    public record Config(String task, int levels, String state, int filters, int units) {
        public static final String TASK = "abr-pensieve";
        public static final String STATE = "pensieve-6x8";

        /** What this build's network is. */
        public static Config current() {
            return new Config(TASK, PensieveState.LEVELS, STATE, PensieveNetwork.FILTERS, PensieveNetwork.UNITS);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PensieveCheckpoint() {
    }

    /** Writes the actor's description and weights into {@code dir}, creating it. */
    public static void save(Path dir, PensieveNetwork actor) throws IOException {
        Files.createDirectories(dir);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (var entry : actor.getParameters()) {
            NDArray a = entry.getValue().getArray();
            tensors.put(entry.getKey(), new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        SafetensorsFile.write(dir.resolve(WEIGHTS), tensors);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), Config.current());
    }

    /**
     * The actor saved in {@code dir}, its arrays in {@code manager}; anything else (no folder, another kind of model,
     * missing or misshapen tensors) is refused with a message naming the folder or file.
     */
    public static PensieveNetwork load(Path dir, NDManager manager) {
        if (!Files.isDirectory(dir)) {
            throw new AdapterLoadException("Pensieve model folder " + dir + " does not exist; train one with "
                    + "'netllm abr train-pensieve --out DIR' or use pensieve (the committed models/pensieve)");
        }
        Path json = dir.resolve(CONFIG);
        if (!Files.isRegularFile(json)) {
            throw new AdapterLoadException(dir + " is not a Pensieve model: it lacks " + CONFIG
                    + "; train one with 'netllm abr train-pensieve --out DIR'");
        }
        Config config;
        try {
            config = JSON.readValue(json.toFile(), Config.class);
        } catch (IOException e) {
            throw new AdapterLoadException("cannot read " + json + ": " + e.getMessage(), e);
        }
        if (!Config.current().equals(config)) {
            throw new AdapterLoadException(json + " describes " + config + ", not the Pensieve ABR actor this build "
                    + "runs (" + Config.current() + "); retrain it with 'netllm abr train-pensieve'");
        }
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException("Pensieve model " + dir + " lacks its weights file " + WEIGHTS);
        }
        Map<String, FloatTensor> tensors = SafetensorsFile.readAll(file);
        PensieveNetwork actor = new PensieveNetwork(config.levels());
        actor.initialize(manager, DataType.FLOAT32, new Shape(1, PensieveState.ROWS, PensieveState.HISTORY));
        for (var entry : actor.getParameters()) {
            FloatTensor tensor = tensors.get(entry.getKey());
            Shape expected = entry.getValue().getArray().getShape();
            if (tensor == null || !Arrays.equals(tensor.shape(), expected.getShape())) {
                throw new AdapterLoadException(file + ": tensor " + entry.getKey() + (tensor == null ? " is missing"
                        : " has shape " + Arrays.toString(tensor.shape()) + ", the network expects " + expected));
            }
            entry.getValue().getArray().set(FloatBuffer.wrap(tensor.values()));
        }
        return actor;
    }
}
