package org.netllm.controller.abr.pensieve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.netllm.adapt.model.Autograd;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;

/**
 * Pensieve's trained actor as an ABR policy: each decision is the most likely level of the actor's softmax over
 * the video's levels (greedy, so evaluation is deterministic). A ladder of fewer than 6 levels masks the absent
 * levels' outputs (their size slots in the state are 0); a longer one is refused ({@link PensieveState#write}).
 * Sessions keep no state: the state is rebuilt from the observation. This class is threadsafe (forward passes
 * are serialised). A policy from {@link #load} owns its model's memory: {@link #close} frees it.
 */
public final class PensievePolicy implements AbrPolicy, AutoCloseable {

    /** An additive mask far enough below any logit that an absent level's probability is exactly 0. */
    static final float ABSENT = -1e9f;

    private final String name;
    private final PensieveNetwork actor;
    private final NDManager manager;
    private final ParameterStore store;
    private final boolean owned;

    /** A policy over an actor the caller owns (training's validation). */
    public PensievePolicy(String name, PensieveNetwork actor, NDManager manager) {
        this(name, actor, manager, false);
    }

    private PensievePolicy(String name, PensieveNetwork actor, NDManager manager, boolean owned) {
        this.name = name;
        this.actor = actor;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.owned = owned;
    }

    /** The actor saved in {@code dir} ({@link PensieveCheckpoint#load}), under {@code name}. */
    public static PensievePolicy load(String name, Path dir) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return new PensievePolicy(name, PensieveCheckpoint.load(dir, manager), manager, true);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return video.levels() <= PensieveState.LEVELS ? java.util.Optional.empty()
                : java.util.Optional.of("policy " + name() + " decides over ladders of at most " + PensieveState.LEVELS
                        + " levels but the video " + video.name() + " has " + video.levels());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AbrController newSession() {
        return observation -> chooseLevels(List.of(observation))[0];
    }

    /** The greedy level of every observation, in one forward pass. */
    public int[] chooseLevels(List<AbrObservation> observations) {
        float[][] p = probabilities(observations);
        int[] levels = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int level = 1; level < p[i].length; level++) {
                if (p[i][level] > p[i][best]) {
                    best = level;
                }
            }
            levels[i] = best;
        }
        return levels;
    }

    /** The actor's distribution over each observation's levels (one row per observation, its ladder's length). */
    public synchronized float[][] probabilities(List<AbrObservation> observations) {
        int n = observations.size();
        float[] states = new float[n * PensieveState.ROWS * PensieveState.HISTORY];
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            PensieveState.write(observations.get(i), states, i * PensieveState.ROWS * PensieveState.HISTORY);
            levels[i] = observations.get(i).video().levels();
        }
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = call.create(states, new Shape(n, PensieveState.ROWS, PensieveState.HISTORY));
            NDArray logits = actor.forward(store, new NDList(x), false).head(); // (N, 6)
            float[] flat = logits.add(levelMask(call, levels)).softmax(1).toFloatArray();
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * actor.outputs(), i * actor.outputs() + levels[i]);
            }
            return out;
        }
    }

    /** {@code (N, 6)}: 0 for each session's levels, {@link #ABSENT} beyond its ladder. */
    public static NDArray levelMask(NDManager manager, int[] levels) {
        float[] mask = new float[levels.length * PensieveState.LEVELS];
        for (int i = 0; i < levels.length; i++) {
            for (int level = levels[i]; level < PensieveState.LEVELS; level++) {
                mask[i * PensieveState.LEVELS + level] = ABSENT;
            }
        }
        return manager.create(mask, new Shape(levels.length, PensieveState.LEVELS));
    }

    @Override
    public void close() {
        if (owned) {
            manager.close();
        }
    }
}
