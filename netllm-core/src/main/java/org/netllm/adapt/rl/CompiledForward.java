package org.netllm.adapt.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.backbone.inference.CompiledBackbone;
import org.netllm.backbone.inference.CompiledBackbone.Output;
import org.netllm.backbone.inference.CompiledBackbone.Segment;
import org.netllm.backbone.inference.KeyValueState;
import org.netllm.backbone.inference.WorkSplit;
import org.netllm.backbone.transformer.TransformerBackbone;

/**
 * The {@link ReturnConditionedPolicy.Inference#COMPILED} path: the backbone runs as a {@link CompiledBackbone} (LoRA
 * merged, Java kernels) and every session of a batch in one pass, each after its own key/value state.
 *
 * <p>Why it is exact: a step's tokens ({@code [return, state tokens…, action]} plus its timestep embedding) do not
 * depend on the step's place in the context, so each is computed once by the model's own encoder and embeddings
 * (through the engine, as in training) and kept while the step is in the session's context; only the backbone sees
 * positions. A context that only grew since the session's last decision (the first w decisions of a sliding
 * context, a restart context between restarts, a whole-session context always) runs only its new tokens after the
 * session's key/value state; any other (a sliding window that moved) runs whole, as
 * {@link ReturnConditionedPolicy.Inference#FULL_RECOMPUTE} does. Each answer is read at the context's last state
 * token, whose keys attend only earlier tokens, so batching and right-padding never enter.
 *
 * <p>Not threadsafe; the policy's lock guards it.
 */
final class CompiledForward {

    /** What a session keeps between decisions. */
    private static final class SessionState {
        /** Each context step's tokens, by the identity of its state arrays: (K+1)·d, or (K+2)·d once its action is known. */
        final Map<float[][], float[]> tokens = new IdentityHashMap<>();
        /** Keys and values of the context's tokens so far, or null when the context cannot grow further. */
        KeyValueState keyValues;
        long restarts = -1;
        int steps;
        float[][] lastState;
    }

    private final ReturnConditionedPolicy policy;
    private final ReturnConditionedAdapter model;
    private final NDManager manager;
    private final ParameterStore store;
    private final CompiledBackbone backbone;
    private final WorkSplit split;
    private final int width;
    private final int perStep;
    private final Map<DecisionSession, SessionState> sessions;
    /** Step tokens and head in Java where the model's inputs and head allow; else null (the engine computes them). */
    private final CompiledStepTokens javaSteps;

    CompiledForward(ReturnConditionedPolicy policy, ReturnConditionedAdapter model, NDManager manager,
                    int threads, int keptSessions) {
        this(policy, model, manager, threads, keptSessions, StepTokens.JAVA_WHERE_POSSIBLE);
    }

    /** Where a step's tokens and the head's answer are computed. */
    enum StepTokens {
        /** In Java for scalar and sequence inputs and a categorical head, else by the engine. */
        JAVA_WHERE_POSSIBLE,
        /** Always by the engine (the model's own blocks). */
        ENGINE
    }

    /**
     * Sessions whose step tokens and key/value states are kept at least: a live server holds hundreds of sessions
     * at once, and an evicted one pays a whole-context pass.
     */
    static final int KEPT_SESSIONS = 2048;

    CompiledForward(ReturnConditionedPolicy policy, ReturnConditionedAdapter model, NDManager manager,
                    int threads, int keptSessions, StepTokens stepTokens) {
        if (!(model.backbone() instanceof TransformerBackbone transformer)) {
            throw new IllegalArgumentException("the compiled forward needs a transformer backbone, got "
                    + model.backbone().getClass().getSimpleName());
        }
        this.policy = policy;
        this.model = model;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.backbone = CompiledBackbone.of(transformer);
        this.split = WorkSplit.of(threads);
        this.width = backbone.width();
        this.perStep = model.tokensPerStep();
        this.javaSteps = stepTokens == StepTokens.ENGINE ? null : CompiledStepTokens.of(model).orElse(null);
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DecisionSession, SessionState> eldest) {
                return size() > Math.max(keptSessions, KEPT_SESSIONS);
            }
        };
    }

    /** Threads each forward pass runs on. */
    int threads() {
        return split.threads();
    }

    /** Whether step tokens and the head run in Java too (else through the engine). */
    boolean javaStepTokens() {
        return javaSteps != null;
    }

    /** Whether the backbone's products run on the Vector API. */
    boolean vectorised() {
        return backbone.vectorised();
    }

    void forget(DecisionSession session) {
        sessions.remove(session);
    }

    void forgetAll() {
        sessions.clear();
    }

    void close() {
        split.close();
    }

    /** The head's output for each request's last step, in request order. */
    float[][] outputs(List<DecisionRequest> requests, List<List<DecisionSession.Step>> contexts) {
        List<SessionState> states = new ArrayList<>(requests.size());
        for (DecisionRequest request : requests) {
            states.add(sessions.computeIfAbsent(request.session(), s -> new SessionState()));
        }
        embedMissingSteps(states, contexts);
        int window = model.conditioning().window();
        List<Segment> segments = new ArrayList<>(requests.size());
        for (int row = 0; row < requests.size(); row++) {
            DecisionSession session = requests.get(row).session();
            SessionState state = states.get(row);
            List<DecisionSession.Step> context = contexts.get(row);
            boolean grows = state.keyValues != null && state.restarts == session.restarts()
                    && state.steps < context.size() && state.steps > 0
                    && context.get(state.steps - 1).state() == state.lastState;
            // Room for this context and a few steps more; a state grows by doubling, so a session holds memory in
            // proportion to its context so far (a whole-session context reaches 384 tokens, 7 MB with MiniLM).
            KeyValueState keyValues = grows ? state.keyValues
                    : backbone.newState((context.size() + 4) * perStep);
            int fromStep = grows ? state.steps - 1 : 0;
            segments.add(segment(state, context, fromStep, keyValues));
            state.keyValues = context.size() < window ? keyValues : null;
            state.restarts = session.restarts();
            state.steps = context.size();
            state.lastState = context.get(context.size() - 1).state();
            forgetStepsOutside(state, context);
        }
        float[][] hidden = backbone.forward(segments, Output.LAST_POSITION, split);
        return head(hidden);
    }

    /**
     * The tokens of steps {@code fromStep …} of the context as the backbone reads them next: when continuing a key/value
     * state, the first of them is the step whose state tokens are cached but whose action was not yet known, so only
     * its action token is new; the last step's action is what is being decided and is left out.
     */
    private Segment segment(SessionState state, List<DecisionSession.Step> context, int fromStep,
                            KeyValueState keyValues) {
        int stepWidth = perStep * width;
        int skip = keyValues.length() == 0 ? 0 : (perStep - 1) * width;
        int tokens = (context.size() - fromStep) * perStep - 1 - skip / width;
        float[] embeddings = new float[tokens * width];
        int at = 0;
        for (int p = fromStep; p < context.size(); p++) {
            float[] step = state.tokens.get(context.get(p).state());
            int from = p == fromStep ? skip : 0;
            int to = p == context.size() - 1 ? stepWidth - width : stepWidth;
            System.arraycopy(step, from, embeddings, at, to - from);
            at += to - from;
        }
        return new Segment(embeddings, tokens, keyValues);
    }

    /** Runs the model's step embedding once for every context step of every request whose tokens are not kept. */
    private void embedMissingSteps(List<SessionState> states, List<List<DecisionSession.Step>> contexts) {
        List<DecisionSession.Step> missing = new ArrayList<>();
        List<SessionState> owners = new ArrayList<>();
        for (int row = 0; row < states.size(); row++) {
            SessionState state = states.get(row);
            for (DecisionSession.Step step : contexts.get(row)) {
                float[] kept = state.tokens.get(step.state());
                if (kept == null || (step.action() != null && kept.length < perStep * width)) {
                    missing.add(step);
                    owners.add(state);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (javaSteps != null) {
            for (int i = 0; i < missing.size(); i++) {
                owners.get(i).tokens.put(missing.get(i).state(), javaSteps.tokens(missing.get(i),
                        model.conditioning()));
            }
            return;
        }
        ContextBatch batch = policy.fill(List.of(missing));
        float[] flat;
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            flat = model.stepTokens(store, batch.toInputs(call)).toFloatArray(); // (1, N·(K+2), d)
        }
        int stepWidth = perStep * width;
        for (int i = 0; i < missing.size(); i++) {
            DecisionSession.Step step = missing.get(i);
            int keep = step.action() == null ? stepWidth - width : stepWidth;
            float[] tokens = new float[keep];
            System.arraycopy(flat, i * stepWidth, tokens, 0, keep);
            owners.get(i).tokens.put(step.state(), tokens);
        }
    }

    private static void forgetStepsOutside(SessionState state, List<DecisionSession.Step> context) {
        if (state.tokens.size() <= context.size()) {
            return;
        }
        Set<float[][]> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DecisionSession.Step step : context) {
            live.add(step.state());
        }
        state.tokens.keySet().retainAll(live);
    }

    /** The networking head over the last state tokens' hidden states, through the engine: {@code (N, outputWidth)}. */
    private float[][] head(float[][] hidden) {
        if (javaSteps != null) {
            return javaSteps.head(hidden);
        }
        int n = hidden.length;
        float[] flat = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(hidden[i], 0, flat, i * width, width);
        }
        int outputWidth = model.head().spec().outputWidth();
        float[] out;
        Autograd.disableOnThisThread();
        try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = call.create(flat, new Shape(n, 1, width));
            out = model.head().forward(store, new NDList(x), false).head().toFloatArray();
        }
        float[][] outputs = new float[n][];
        for (int i = 0; i < n; i++) {
            outputs[i] = java.util.Arrays.copyOfRange(out, i * outputWidth, (i + 1) * outputWidth);
        }
        return outputs;
    }
}
