package org.netllm.adapt.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netllm.adapt.head.CategoricalHead;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.model.ReturnConditionedAdapter;

/**
 * Inference for a return-conditioned model: sessions keep their own context; {@link #decide} answers many
 * sessions in one forward pass (contexts right-padded, each session's answer read at its own last step).
 *
 * <p>A session decided alone (a batch of one) reuses the backbone's keys and values from its previous decisions and
 * runs only its new tokens: the previous step's action and the new step's return and state tokens. The policy owns
 * these caches: their arrays live in sub-managers of the policy's manager, at most {@code cachedSessions} of them at
 * once, the least recently used freed first (an evicted session pays one full pass, then caches again). So a session
 * that is simply dropped holds memory only until it is evicted or the manager closes; {@link DecisionSession#reset}
 * frees its cache at once. Batches of several sessions recompute each context in full; they read the same contexts
 * ({@link DecisionSession} decides them), so both paths answer alike.
 *
 * <p>This class is threadsafe: forward passes and the caches are guarded by its lock.
 */
public final class ReturnConditionedPolicy {

    /** How a session decided alone is computed. */
    public enum Inference {
        /** Reuse the session's key/value cache; run only the tokens added since its last decision. */
        KV_CACHE,
        /** Run the session's whole context every decision (what batches of several sessions always do). */
        FULL_RECOMPUTE,
        /**
         * The backbone compiled to a Java forward (LoRA merged, Vector API kernels): every session of a batch in one
         * pass, each step's tokens computed once, and a session's key/value state reused while its context only
         * grows. Equal to the engine's forward to fp32 rounding (see {@code CompiledForward}).
         */
        COMPILED
    }

    /** Which past steps a session's context holds once it has reached the window w. */
    public enum Context {
        /**
         * The last w steps, sliding by one each decision (NetLLM's inference). Positions shift every step, so once
         * the window is full a decision re-runs the whole context even with a cache.
         */
        SLIDING,
        /**
         * Grows to w steps, then restarts from the last ⌈w/2⌉ (the step being decided included), so positions stay
         * put and the key/value cache is reused between restarts. Every such context is one training's windows
         * cover, but the model sees less history on average.
         */
        RESTART
    }

    /** Sessions whose key/value caches are kept by default. */
    public static final int DEFAULT_CACHED_SESSIONS = 16;

    private final ReturnConditionedAdapter model;
    private final NDManager manager;
    private final ParameterStore store;
    private final List<long[]> shapes;
    private final int[] sizes;
    private final Map<DecisionSession, ContextCache> caches;
    private final int cachedSessions;
    private Inference inference = Inference.KV_CACHE;
    private int compiledThreads = 1;
    private CompiledForward compiled;
    private Context context = Context.SLIDING;

    /** @param manager the model's manager or a child of it; per-call arrays and caches live in sub-managers of it */
    public ReturnConditionedPolicy(ReturnConditionedAdapter model, NDManager manager) {
        this(model, manager, DEFAULT_CACHED_SESSIONS);
    }

    /** @param cachedSessions how many sessions' key/value caches to keep at most (each up to w steps of tokens) */
    public ReturnConditionedPolicy(ReturnConditionedAdapter model, NDManager manager, int cachedSessions) {
        if (cachedSessions < 1) {
            throw new IllegalArgumentException("cachedSessions must be at least 1, got " + cachedSessions);
        }
        this.model = model;
        this.manager = manager;
        this.cachedSessions = cachedSessions;
        this.store = new ParameterStore(manager, false);
        this.shapes = model.encoder().arrayShapes();
        this.sizes = shapes.stream().mapToInt(s -> (int) new Shape(s).size()).toArray();
        this.caches = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DecisionSession, ContextCache> eldest) {
                if (size() > cachedSessions) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    /** The model answered with. */
    public ReturnConditionedAdapter model() {
        return model;
    }

    /** How a session decided alone is computed ({@link Inference#KV_CACHE} unless set). */
    public synchronized Inference inference() {
        return inference;
    }

    /** Chooses how a session decided alone is computed; switching to full recompute frees every cache. */
    public synchronized void setInference(Inference inference) {
        this.inference = inference;
        if (inference == Inference.COMPILED && compiled == null) {
            compiled = new CompiledForward(this, model, manager, compiledThreads, cachedSessions);
        }
        if (inference == Inference.FULL_RECOMPUTE) {
            caches.values().forEach(ContextCache::close);
            caches.clear();
        }
    }

    /**
     * Threads each {@link Inference#COMPILED} forward pass runs on (1 unless set); the compiled weights are built again
     * (a second or so) if that path is already in use.
     */
    public synchronized void setCompiledThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("compiled threads must be at least 1, got " + threads);
        }
        this.compiledThreads = threads;
        if (compiled != null && compiled.threads() != threads) {
            compiled.close();
            compiled = new CompiledForward(this, model, manager, threads, cachedSessions);
        }
    }

    /** For tests: the compiled path with step tokens and head through the engine, as for image or graph inputs. */
    synchronized void useCompiledWithEngineStepTokens() {
        compiled = new CompiledForward(this, model, manager, compiledThreads, cachedSessions,
                CompiledForward.StepTokens.ENGINE);
        inference = Inference.COMPILED;
    }

    /** Whether the compiled path computes step tokens and the head in Java too (scalar and sequence inputs only). */
    public synchronized boolean compiledStepTokensInJava() {
        if (compiled == null) {
            compiled = new CompiledForward(this, model, manager, compiledThreads, cachedSessions);
        }
        return compiled.javaStepTokens();
    }

    /** Whether the compiled path (once chosen) runs its products on the Vector API rather than plain loops. */
    public synchronized boolean compiledVectorised() {
        if (compiled == null) {
            compiled = new CompiledForward(this, model, manager, compiledThreads, cachedSessions);
        }
        return compiled.vectorised();
    }

    /** Which past steps sessions' contexts hold ({@link Context#SLIDING} unless set). */
    public synchronized Context context() {
        return context;
    }

    /** Chooses which past steps contexts hold; set it before sessions start (it frees every cache). */
    public synchronized void setContext(Context context) {
        this.context = context;
        caches.values().forEach(ContextCache::close);
        caches.clear();
        if (compiled != null) {
            compiled.forgetAll();
        }
    }

    /** A session that answers greedily (the most likely valid action). */
    public DecisionSession newSession(double targetReturn) {
        return new DecisionSession(this, model.conditioning().window(), targetReturn, null);
    }

    /** A session that samples actions, reproducibly from {@code seed}. */
    public DecisionSession newSampledSession(double targetReturn, long seed) {
        return new DecisionSession(this, model.conditioning().window(), targetReturn, new Random(seed));
    }

    /**
     * Decides every request's step in one forward pass; answers are in request order. A single request uses its
     * session's key/value cache (unless {@link Inference#FULL_RECOMPUTE} is set).
     */
    public synchronized List<Decision> decide(List<DecisionRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        var contexts = new ArrayList<List<DecisionSession.Step>>(requests.size());
        for (var request : requests) {
            contexts.add(request.session().contextWith(checkedState(request.state())));
        }
        int outputWidth = model.head().spec().outputWidth();
        float[][] outputs = inference == Inference.COMPILED ? compiled.outputs(requests, contexts)
                : requests.size() == 1 && inference == Inference.KV_CACHE
                ? new float[][] {decideCached(requests.get(0).session(), contexts.get(0))}
                : decideInFull(contexts, outputWidth);
        var decisions = new ArrayList<Decision>(requests.size());
        for (int row = 0; row < contexts.size(); row++) {
            float[] output = outputs[row];
            var request = requests.get(row);
            var random = request.session().random();
            NetworkingHead head = model.head();
            float[] action = random == null ? head.greedy(output, request.mask())
                    : head.sample(output, request.mask(), random);
            decisions.add(new Decision(action, distributions(output, request)));
        }
        return decisions;
    }

    /** Makes {@code state} the session's pending step without deciding it (another policy chose its action). */
    synchronized void pass(DecisionSession session, List<float[]> state) {
        session.contextWith(checkedState(state));
    }

    /** Frees a session's key/value cache, if it has one. */
    synchronized void forget(DecisionSession session) {
        if (compiled != null) {
            compiled.forget(session);
        }
        ContextCache cache = caches.remove(session);
        if (cache != null) {
            cache.close();
        }
    }

    /** The session's key/value cache, or null without one. */
    synchronized ContextCache cacheOf(DecisionSession session) {
        return caches.get(session);
    }

    /** Sessions holding a key/value cache. */
    synchronized int cachedSessions() {
        return caches.size();
    }

    /** Every context run whole, right-padded to the longest; each answer read at its context's last step. */
    private float[][] decideInFull(List<List<DecisionSession.Step>> contexts, int outputWidth) {
        var batch = fill(contexts);
        float[] flat;
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray out = model.forward(store, batch.toInputs(call), false).head(); // (B, W, outputWidth)
            flat = out.toFloatArray();
        }
        float[][] outputs = new float[contexts.size()][];
        for (int row = 0; row < contexts.size(); row++) {
            int from = batch.slot(row, contexts.get(row).size() - 1) * outputWidth;
            outputs[row] = Arrays.copyOfRange(flat, from, from + outputWidth);
        }
        return outputs;
    }

    /** Only the tokens the session's cache lacks; a cache that no longer holds a prefix of the context is rebuilt. */
    private float[] decideCached(DecisionSession session, List<DecisionSession.Step> context) {
        ContextCache entry = caches.get(session);
        if (entry == null || !entry.isPrefixOf(session.restarts(), context)) {
            if (entry != null) {
                entry.close();
            }
            entry = new ContextCache(model.backbone().newCache(manager), session.restarts());
            caches.put(session, entry);
        }
        // The last cached step is fed again: its action is still missing from the cache.
        var missing = context.subList(Math.max(entry.steps() - 1, 0), context.size());
        var batch = fill(List.of(missing));
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray out = model.forwardCached(store, batch.toInputs(call), entry.cache()); // (1, outputWidth)
            entry.leaveScope();
            float[] output = out.toFloatArray();
            entry.heldUpTo(context);
            return output;
        } catch (RuntimeException e) {
            forget(session); // a pass that failed halfway leaves the cache in no known state
            throw e;
        }
    }

    /** Host-side inputs of these contexts, one row each, right-padded to the longest. */
    ContextBatch fill(List<List<DecisionSession.Step>> contexts) {
        int window = contexts.stream().mapToInt(List::size).max().orElse(1);
        int labelWidth = model.head().spec().labelWidth();
        var batch = new ContextBatch(contexts.size(), window, shapes, labelWidth);
        for (int row = 0; row < contexts.size(); row++) {
            var context = contexts.get(row);
            for (int p = 0; p < context.size(); p++) {
                var step = context.get(p);
                int slot = batch.step(row, p, step.returnToGo(), step.timestep(), model.conditioning());
                if (step.action() != null) {
                    System.arraycopy(step.action(), 0, batch.actions, slot * labelWidth, labelWidth);
                    batch.actionKnown[slot] = 1;
                }
                for (int a = 0; a < sizes.length; a++) {
                    System.arraycopy(step.state()[a], 0, batch.states[a], slot * sizes[a], sizes[a]);
                }
            }
        }
        return batch;
    }

    private List<float[]> distributions(float[] output, DecisionRequest request) {
        var leaves = model.head().spec().leaves();
        var result = new ArrayList<float[]>(leaves.size());
        int from = 0;
        for (int i = 0; i < leaves.size(); i++) {
            var leaf = leaves.get(i);
            float[] row = Arrays.copyOfRange(output, from, from + leaf.outputWidth());
            if (leaf instanceof HeadSpec.Categorical) {
                result.add(CategoricalHead.probabilities(row, request.mask().forLeaf(i)));
            } else {
                result.add(row);
            }
            from += leaf.outputWidth();
        }
        return result;
    }

    private float[][] checkedState(List<float[]> state) {
        if (state.size() != sizes.length) {
            throw new IllegalArgumentException("state has " + state.size() + " arrays, the model takes " + sizes.length);
        }
        float[][] copy = new float[sizes.length][];
        for (int a = 0; a < sizes.length; a++) {
            if (state.get(a).length != sizes[a]) {
                throw new IllegalArgumentException("state array " + a + " (" + model.encoder().inputs() + ") has "
                        + state.get(a).length + " values, expected " + sizes[a]);
            }
            copy[a] = state.get(a).clone();
        }
        return copy;
    }
}
