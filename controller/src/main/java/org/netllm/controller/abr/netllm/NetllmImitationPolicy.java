package org.netllm.controller.abr.netllm;

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
import java.util.List;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.model.CompiledSupervisedAdapter;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.errors.InvalidInputException;

/**
 * An adapted language model trained to imitate an expert ({@link AbrImitationTask}) as an ABR policy: one forward
 * pass of six state tokens per decision (no return-to-go, no window), the most likely level among the ladder's
 * (greedy). {@link #chooseLevels} decides many sessions in one pass. Sessions keep no state. This class is threadsafe
 * (forward passes are serialised). A policy from {@link #load} owns its model's memory: {@link #close} frees it.
 */
public final class NetllmImitationPolicy implements AbrPolicy, AbrController, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final SupervisedAdapter model;
    private final AbrImitationTask task;
    private final NDManager manager;
    private final ParameterStore store;
    private final boolean owned;
    /** The compiled forward once {@link Inference#COMPILED} was set (kept while the engine decides), else null. */
    private CompiledSupervisedAdapter compiled;
    private Inference inference = Inference.ENGINE;

    /** How a decision's forward pass runs. */
    public enum Inference {
        /** Through the engine (DJL/PyTorch), as in training. */
        ENGINE,
        /** The Java forward with LoRA merged ({@link CompiledSupervisedAdapter}): the same levels, a fraction of the time. */
        COMPILED
    }

    /** A policy over a model the caller owns (training's validation). */
    public NetllmImitationPolicy(String name, SupervisedAdapter model, AbrImitationTask task, NDManager manager) {
        this(name, model, task, manager, false);
    }

    private NetllmImitationPolicy(String name, SupervisedAdapter model, AbrImitationTask task, NDManager manager,
                                  boolean owned) {
        this.name = name;
        this.model = model;
        this.task = task;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.owned = owned;
    }

    /** Whether the checkpoint in {@code dir} is an imitation model (rather than a return-conditioned one). */
    public static boolean isImitation(AdapterConfig config) {
        return config.conditioning() == null && config.task() != null && config.task().has("task")
                && AbrImitationTask.NAME.equals(config.task().get("task").asText());
    }

    /** Loads an imitation checkpoint and the backbone it names. */
    public static NetllmImitationPolicy load(Path dir) {
        AdapterConfig config = AdapterCheckpoint.readConfig(dir);
        if (!isImitation(config)) {
            throw new AdapterLoadException("the adapter in " + dir + " is not an ABR imitation model; adapt one with"
                    + " 'netllm abr adapt --objective expert'");
        }
        AbrImitationTask task;
        try {
            task = JSON.treeToValue(config.task(), AbrImitationTask.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AdapterLoadException("the adapter in " + dir + " has no readable ABR imitation task: "
                    + e.getMessage(), e);
        }
        if (!task.head().equals(config.head())) {
            throw new AdapterLoadException("the adapter in " + dir + " has head " + config.head() + ", not "
                    + task.head());
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            SupervisedAdapter model = (SupervisedAdapter) AdapterCheckpoint.load(dir, manager);
            String name = "netllm:" + dir.toAbsolutePath().normalize().getFileName();
            return new NetllmImitationPolicy(name, model, task, manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Decides through {@code inference} from now on, a compiled pass on {@code threads} threads; a model whose parts
     * the compiled forward does not cover is an {@link InvalidInputException}.
     */
    public synchronized void setInference(Inference inference, int threads) {
        // Building the compiled forward copies every weight, so it is kept across switches to the engine and back.
        if (inference == Inference.COMPILED && (compiled == null || compiled.threads() != threads)) {
            if (compiled != null) {
                compiled.close();
            }
            compiled = CompiledSupervisedAdapter.of(model, threads).orElseThrow(() -> new InvalidInputException(
                    "model " + name + " cannot run compiled (it needs scalar and sequence inputs, a causal transformer"
                            + " backbone and a categorical head); use the engine"));
        }
        this.inference = inference;
    }

    /** The way decisions run now. */
    public synchronized Inference inference() {
        return inference;
    }

    /** Whether the compiled forward's products run on the Vector API (false when not compiled). */
    public synchronized boolean compiledVectorised() {
        return inference == Inference.COMPILED && compiled.vectorised();
    }

    public AbrImitationTask task() {
        return task;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        return chooseLevels(List.of(observation))[0];
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        if (video.levels() <= task.levels()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("model " + name() + " decides over ladders of at most " + task.levels()
                + " levels but the video " + video.name() + " has " + video.levels() + "; declare a ladder of at most "
                + task.levels() + " levels");
    }

    /** One level per observation, all decided in one forward pass. */
    public int[] chooseLevels(List<AbrObservation> observations) {
        float[][] logits = logits(observations);
        int[] levels = new int[observations.size()];
        for (int i = 0; i < levels.length; i++) {
            int ladder = observations.get(i).video().levels();
            int best = 0;
            for (int a = 1; a < ladder; a++) {
                if (logits[i][a] > logits[i][best]) {
                    best = a;
                }
            }
            levels[i] = best;
        }
        return levels;
    }

    /** The head's logits for every observation, {@code [observation][position]}. */
    public synchronized float[][] logits(List<AbrObservation> observations) {
        int n = observations.size();
        List<long[]> shapes = model.encoder().arrayShapes();
        int inputs = shapes.size();
        float[][] flat = new float[inputs][];
        for (int a = 0; a < inputs; a++) {
            flat[a] = new float[n * (int) new Shape(shapes.get(a)).size()];
        }
        List<List<float[]>> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (observations.get(i).video().levels() > task.levels()) {
                throw new InvalidInputException("model " + name + " answers ladders of up to " + task.levels()
                        + " levels; the video " + observations.get(i).video().name() + " has "
                        + observations.get(i).video().levels());
            }
            List<float[]> arrays = task.arrays(observations.get(i));
            examples.add(arrays);
            for (int a = 0; a < inputs; a++) {
                System.arraycopy(arrays.get(a), 0, flat[a], i * arrays.get(a).length, arrays.get(a).length);
            }
        }
        if (inference == Inference.COMPILED) {
            return compiled.outputs(examples);
        }
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDList batch = new NDList();
            for (int a = 0; a < inputs; a++) {
                long[] dims = new long[shapes.get(a).length + 1];
                dims[0] = n;
                System.arraycopy(shapes.get(a), 0, dims, 1, dims.length - 1);
                batch.add(call.create(flat[a], new Shape(dims)));
            }
            NDArray out = model.forward(store, batch, false).head(); // (n, levels)
            float[] values = out.toFloatArray();
            float[][] rows = new float[n][task.levels()];
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, i * task.levels(), rows[i], 0, task.levels());
            }
            return rows;
        }
    }

    /** Frees the model's memory if this policy loaded it. */
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
