package org.netllm.controller.vp.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsFile;
import org.netllm.adapt.model.Autograd;
import org.netllm.controller.vp.ViewportPredictor;

/**
 * TRACK (position-only) as a viewport predictor: the whole history is encoded, any number of future steps rolled
 * out. This class is threadsafe (forward passes are serialised). A predictor from {@link #load} owns its
 * model's memory: {@link #close} frees it.
 */
public final class TrackPredictor implements ViewportPredictor, AutoCloseable {

    /** The checkpoint's description. */
    public static final String CONFIG = "track.json";
    /** The checkpoint's weights (DJL parameter names). */
    public static final String WEIGHTS = "track.safetensors";

    /**
     * What {@code track.json} holds.
     *
     * @param task   always {@code vp-track}
     * @param hidden LSTM state width
     * @param hw     history samples it was trained on
     * @param pw     future samples it was trained to roll out
     * @param inputs the input encoding ({@link VpTask#INPUTS})
     */
    public record TrackConfig(String task, int hidden, int hw, int pw, String inputs) {
        public static final String TASK = "vp-track";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final TrackModel model;
    private final NDManager manager;
    private final ParameterStore store;
    private final boolean owned;

    /** A predictor over a model the caller owns (training's validation). */
    public TrackPredictor(String name, TrackModel model, NDManager manager) {
        this(name, model, manager, false);
    }

    private TrackPredictor(String name, TrackModel model, NDManager manager, boolean owned) {
        this.name = name;
        this.model = model;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.owned = owned;
    }

    /** Writes {@code track.json} and {@code track.safetensors} into {@code dir}. */
    public static void save(Path dir, TrackModel model, TrackConfig config) throws IOException {
        Files.createDirectories(dir);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (var entry : model.getParameters()) {
            NDArray a = entry.getValue().getArray();
            tensors.put(entry.getKey(), new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        SafetensorsFile.write(dir.resolve(WEIGHTS), tensors);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG).toFile(), config);
    }

    /** Loads a TRACK checkpoint; anything else is refused with a message naming the folder and file. */
    public static TrackPredictor load(String name, Path dir) {
        Path json = dir.resolve(CONFIG);
        if (!Files.isRegularFile(json)) {
            throw new AdapterLoadException(dir + " is not a TRACK model: it lacks " + CONFIG
                    + "; train one with 'netllm vp train-track --out DIR'");
        }
        TrackConfig config;
        try {
            config = JSON.readValue(json.toFile(), TrackConfig.class);
        } catch (IOException e) {
            throw new AdapterLoadException("cannot read " + json + ": " + e.getMessage(), e);
        }
        if (!TrackConfig.TASK.equals(config.task()) || !VpTask.INPUTS.equals(config.inputs()) || config.hidden() < 1) {
            throw new AdapterLoadException(json + " describes task " + config.task() + " with inputs "
                    + config.inputs() + ", not a TRACK viewport model with inputs " + VpTask.INPUTS);
        }
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new AdapterLoadException("TRACK model " + dir + " lacks its weights file " + WEIGHTS);
        }
        var tensors = SafetensorsFile.readAll(file);
        NDManager manager = NDManager.newBaseManager();
        try {
            TrackModel model = new TrackModel(config.hidden(), config.pw());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, config.hw(), HistoryFeatures.WIDTH));
            for (var entry : model.getParameters()) {
                var tensor = tensors.get(entry.getKey());
                Shape expected = entry.getValue().getArray().getShape();
                if (tensor == null || !Arrays.equals(tensor.shape(), expected.getShape())) {
                    throw new AdapterLoadException(file + ": tensor " + entry.getKey() + (tensor == null ? " is missing"
                            : " has shape " + Arrays.toString(tensor.shape()) + ", the model expects " + expected));
                }
                entry.getValue().getArray().set(FloatBuffer.wrap(tensor.values()));
            }
            return new TrackPredictor(name, model, manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[][] predict(double[][] history, int pw) {
        return predictAll(java.util.Collections.singletonList(history), pw).get(0);
    }

    @Override
    public synchronized List<double[][]> predictAll(List<double[][]> histories, int pw) {
        if (histories.isEmpty()) {
            return List.of();
        }
        Autograd.disableOnThisThread();
        int n = histories.size();
        int hw = histories.get(0).length;
        int w = HistoryFeatures.WIDTH;
        float[] x = new float[n * hw * w];
        for (int i = 0; i < n; i++) {
            if (histories.get(i).length != hw) {
                throw new IllegalArgumentException("histories of one batch must have one length");
            }
            float[][] f = HistoryFeatures.of(histories.get(i), hw);
            for (int s = 0; s < hw; s++) {
                System.arraycopy(f[s], 0, x, (i * hw + s) * w, w);
            }
        }
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            float[] flat = model.rollout(store, call.create(x, new Shape(n, hw, w)), pw, false).toFloatArray();
            List<double[][]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(HistoryFeatures.orientations(histories.get(i),
                        Arrays.copyOfRange(flat, i * pw * 3, (i + 1) * pw * 3), pw));
            }
            return out;
        }
    }

    @Override
    public void close() {
        if (owned) {
            manager.close();
        }
    }
}
