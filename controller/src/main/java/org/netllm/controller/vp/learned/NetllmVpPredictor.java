package org.netllm.controller.vp.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.model.CompiledSupervisedAdapter;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.errors.InvalidInputException;

/**
 * The adapted language model as a viewport predictor: one forward pass answers pw orientations for every history
 * of a batch. It reads the last hw samples of longer histories; a longer future is rolled out pass by pass, each
 * reading the last hw samples of history and prediction. This class is threadsafe (forward passes are
 * serialised). A predictor from {@link #load} owns its model's memory: {@link #close} frees it.
 */
public final class NetllmVpPredictor implements ViewportPredictor, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SupervisedAdapter model;
    private final VpTask task;
    private final NDManager manager;
    private final ParameterStore store;
    private final boolean owned;
    /** The compiled forward while {@link Inference#COMPILED} is set, else null. */
    private CompiledSupervisedAdapter compiled;

    /** How a prediction's forward passes run. */
    public enum Inference {
        /** Through the engine (DJL/PyTorch), as in training. */
        ENGINE,
        /** The Java forward with LoRA merged ({@link CompiledSupervisedAdapter}). */
        COMPILED
    }

    /** A predictor over a model the caller owns (training's validation). */
    public NetllmVpPredictor(String name, SupervisedAdapter model, VpTask task, NDManager manager) {
        this(name, model, task, manager, false);
    }

    private NetllmVpPredictor(String name, SupervisedAdapter model, VpTask task, NDManager manager, boolean owned) {
        this.name = name;
        this.model = model;
        this.task = task;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.owned = owned;
    }

    /** The VP task of an adapter checkpoint; anything else is refused with a message naming the folder. */
    public static VpTask task(Path dir, AdapterConfig config) {
        if (config.conditioning() != null || config.task() == null || !config.task().has("task")
                || !VpTask.NAME.equals(config.task().get("task").asText())) {
            throw new AdapterLoadException("the adapter in " + dir + " is not a viewport predictor (its task is "
                    + (config.task() == null ? "missing" : config.task()) + "); adapt one with 'netllm vp adapt'");
        }
        VpTask task;
        try {
            task = JSON.treeToValue(config.task(), VpTask.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AdapterLoadException("the adapter in " + dir + " has no readable VP task: " + e.getMessage(), e);
        }
        if (!VpTask.INPUTS.equals(task.inputs())) {
            throw new AdapterLoadException("the adapter in " + dir + " encodes its inputs as " + task.inputs()
                    + ", this code as " + VpTask.INPUTS);
        }
        if (!task.head().equals(config.head()) || config.inputs().size() != task.hw()) {
            throw new AdapterLoadException("the adapter in " + dir + " has head " + config.head() + " and "
                    + config.inputs().size() + " inputs, not the " + task.head() + " and " + task.hw()
                    + " inputs of its VP task (hw " + task.hw() + ", pw " + task.pw() + ")");
        }
        return task;
    }

    /** Loads a VP adapter checkpoint and the backbone it names. */
    public static NetllmVpPredictor load(String name, Path dir) {
        AdapterConfig config = AdapterCheckpoint.readConfig(dir);
        VpTask task = task(dir, config);
        NDManager manager = NDManager.newBaseManager();
        try {
            AdaptedModel model = AdapterCheckpoint.load(dir, manager);
            return new NetllmVpPredictor(name, (SupervisedAdapter) model, task, manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Predicts through {@code inference} from now on, a compiled pass on {@code threads} threads; a model whose parts
     * the compiled forward does not cover is an {@link InvalidInputException}.
     */
    public synchronized void setInference(Inference inference, int threads) {
        if (compiled != null) {
            compiled.close();
            compiled = null;
        }
        if (inference == Inference.COMPILED) {
            compiled = CompiledSupervisedAdapter.of(model, threads).orElseThrow(() -> new InvalidInputException(
                    "predictor " + name + " cannot run compiled (it needs scalar inputs, a causal transformer backbone"
                            + " and a bounded-regression head); use the engine"));
        }
    }

    /** Whether the compiled forward's products run on the Vector API (false when not compiled). */
    public synchronized boolean compiledVectorised() {
        return compiled != null && compiled.vectorised();
    }

    /** The task the model was trained for. */
    public VpTask task() {
        return task;
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
        for (double[][] h : histories) {
            if (h.length < task.hw()) {
                throw new InvalidInputException(name + " reads " + task.hw() + " samples of history, got " + h.length
                        + "; use --hw " + task.hw() + " or more");
            }
        }
        List<double[][]> answers = new ArrayList<>(histories.size());
        List<double[][]> contexts = new ArrayList<>(histories);
        for (int i = 0; i < histories.size(); i++) {
            answers.add(new double[0][]);
        }
        // Each pass answers task.pw steps; a longer future continues from the last hw rows of what is known so far.
        while (answers.get(0).length < pw) {
            List<float[]> offsets = forward(contexts);
            int need = Math.min(task.pw(), pw - answers.get(0).length);
            for (int i = 0; i < contexts.size(); i++) {
                double[][] next = HistoryFeatures.orientations(contexts.get(i), offsets.get(i), task.pw());
                answers.set(i, concat(answers.get(i), Arrays.copyOf(next, need)));
                contexts.set(i, concat(contexts.get(i), next));
            }
        }
        return answers;
    }

    /** One forward pass: the model's pw × 3 offsets per history. */
    private List<float[]> forward(List<double[][]> histories) {
        Autograd.disableOnThisThread();
        int n = histories.size();
        int w = HistoryFeatures.WIDTH;
        float[][] perStep = new float[task.hw()][n * w];
        for (int i = 0; i < n; i++) {
            float[][] f = HistoryFeatures.of(histories.get(i), task.hw());
            for (int s = 0; s < task.hw(); s++) {
                System.arraycopy(f[s], 0, perStep[s], i * w, w);
            }
        }
        if (compiled != null) {
            List<List<float[]>> examples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<float[]> steps = new ArrayList<>(task.hw());
                for (int s = 0; s < task.hw(); s++) {
                    steps.add(Arrays.copyOfRange(perStep[s], i * w, (i + 1) * w));
                }
                examples.add(steps);
            }
            return List.of(compiled.outputs(examples));
        }
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDList inputs = new NDList();
            for (float[] step : perStep) {
                inputs.add(call.create(step, new Shape(n, w)));
            }
            NDArray out = model.forward(store, inputs, false).head(); // (n, pw·3)
            float[] flat = out.toFloatArray();
            int width = task.pw() * 3;
            List<float[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(Arrays.copyOfRange(flat, i * width, (i + 1) * width));
            }
            return rows;
        }
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public synchronized void close() {
        if (compiled != null) {
            compiled.close();
            compiled = null;
        }
        if (owned) {
            manager.close();
        }
    }

}
