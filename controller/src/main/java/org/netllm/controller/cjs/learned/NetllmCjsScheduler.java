package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.adapt.model.Autograd;
import org.netllm.backbone.KvCache;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsRequest;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.Decima;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * The adapted model as a cluster job scheduler: stage and executor count (greedy, or sampled from the heads' softmax
 * with the episode's draws as Decima samples), conditioned on a target return that
 * falls by each step's reward, over a sliding window of the last w decisions (NetLLM's context). The window and the
 * return-to-go are the episode's {@link Context}, which the caller keeps, so one instance serves any number of
 * episodes and live clusters on any threads.
 */
public final class NetllmCjsScheduler implements CjsScheduler {

    /** How a decision runs the backbone. */
    public enum Passes {
        /** One pass over the window for the stage, a second one (with the chosen stage's executor token) for the count. */
        TWO,
        /**
         * One pass over the window up to the stage tokens, keeping its keys and values; the executor token of the
         * chosen stage's job then runs alone after them. The same numbers as {@link #TWO} up to float rounding, since
         * the executor token comes after every token the stage head reads.
         */
        CACHED
    }

    /** How a decision picks from the heads' scores. */
    public enum Choice {
        /** The highest score. */
        GREEDY,
        /** A draw from the softmax over the allowed choices (the stage and executor draws of the episode). */
        SAMPLED
    }

    /**
     * One episode's context: the last w − 1 decisions taken and the normalised return still to go.
     *
     * @param steps      oldest first, at most w − 1
     * @param returnToGo what the next decision is conditioned on
     */
    public record Context(List<CjsStep> steps, double returnToGo) implements CjsMemory {

        public Context {
            steps = List.copyOf(steps);
        }
    }

    private final String name;
    private final CjsModel model;
    private final NDManager manager;
    private final CjsConditioning conditioning;
    private final Passes passes;
    private final Choice choice;
    private final double temperature;

    /**
     * @param conditioning the target the first decision is conditioned on, and how rewards lower it
     */
    public NetllmCjsScheduler(String name, CjsModel model, CjsConditioning conditioning, NDManager manager) {
        this(name, model, conditioning, manager, Passes.CACHED, Choice.GREEDY, 1.0);
    }

    private NetllmCjsScheduler(String name, CjsModel model, CjsConditioning conditioning, NDManager manager,
                               Passes passes, Choice choice, double temperature) {
        this.name = name;
        this.model = model;
        this.conditioning = conditioning;
        this.manager = manager;
        this.passes = passes;
        this.choice = choice;
        this.temperature = temperature;
    }

    /** The same model deciding with {@code other} passes. */
    public NetllmCjsScheduler withPasses(Passes other) {
        return new NetllmCjsScheduler(name, model, conditioning, manager, other, choice, temperature);
    }

    /** The same model picking by {@code other}. */
    public NetllmCjsScheduler withChoice(Choice other) {
        return new NetllmCjsScheduler(name, model, conditioning, manager, passes, other, temperature);
    }

    /**
     * The same model asked for another normalised target return at the first decision (a target chosen for one
     * episode length does not fit another: returns grow with the job count).
     */
    public NetllmCjsScheduler withTarget(double targetReturn) {
        return new NetllmCjsScheduler(name, model, conditioning.withTarget(targetReturn), manager, passes, choice,
                temperature);
    }

    /**
     * The same model sampling from the heads' softmax at {@code t} (scores divided by t): below 1 it sharpens toward
     * the greedy pick while keeping some of the spread that makes sampled Decima better than greedy Decima.
     */
    public NetllmCjsScheduler withTemperature(double t) {
        if (!isTemperature(t)) {
            throw new IllegalArgumentException("temperature must be a positive finite number, got " + t);
        }
        return new NetllmCjsScheduler(name, model, conditioning, manager, passes, Choice.SAMPLED, t);
    }

    /** Whether {@code t} can divide the heads' scores: positive and finite (what every temperature input checks). */
    public static boolean isTemperature(double t) {
        return t > 0 && Double.isFinite(t);
    }

    /** The softmax temperature of sampled picks (1 unless {@link #withTemperature} said otherwise). */
    public double temperature() {
        return temperature;
    }

    /** The normalised target return of the first decision. */
    public double targetReturn() {
        return conditioning.targetReturn();
    }

    /** How it picks. */
    public Choice choice() {
        return choice;
    }

    @Override
    public String name() {
        return name;
    }

    /** How its decisions run the backbone. */
    public Passes passes() {
        return passes;
    }

    /** The model deciding. */
    public CjsModel model() {
        return model;
    }

    @Override
    public Context start() {
        return new Context(List.of(), conditioning.targetReturn());
    }

    @Override
    public Context remember(CjsMemory memory, CjsObservation observation, CjsAction taken, double reward) {
        Context context = context(memory);
        int keep = model.settings().window() - 1;
        List<CjsStep> steps = new ArrayList<>(context.steps());
        steps.add(new CjsStep(observation, taken, context.returnToGo()));
        List<CjsStep> kept = steps.subList(Math.max(0, steps.size() - keep), steps.size());
        return new Context(kept, context.returnToGo() - conditioning.reward(reward) / conditioning.returnScale());
    }

    /**
     * A decision with the scores it was picked from, for parity checks: the pending step's stage scores (one per
     * schedulable stage) and the executor head's scores of counts 1..cap given the chosen stage, before any
     * temperature.
     */
    public record Scored(CjsAction action, float[] stageScores, float[] countScores) {
    }

    /** The first decision of an episode. */
    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
        return decide(observation, draws, start());
    }

    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
        return decideScored(new CjsRequest(observation, draws, memory)).action();
    }

    /** {@link #decide} with its scores: a batch of one, so a lone cluster decides exactly as it would in a batch. */
    public Scored decideScored(CjsRequest request) {
        return decideAllScored(List.of(request)).get(0);
    }

    /**
     * Decides the requests (one per cluster) in one backbone pass over their windows for the stages: the windows
     * stacked as one batch and right-padded, as training lays out a batch, so no real token of the causal backbone
     * sees padding. Then the executor counts: with {@link Passes#TWO} a second batched pass over the windows with the
     * chosen stages; with {@link Passes#CACHED} one more one-position pass for all requests, each executor token
     * after its own row of the first pass's keys and values ({@code Backbone.forwardAfter}: the windows end at
     * different positions). The same actions as one {@link #decide} per request, up to float rounding.
     */
    @Override
    public List<CjsAction> decideAll(List<CjsRequest> requests) {
        List<CjsAction> actions = new ArrayList<>(requests.size());
        for (Scored s : decideAllScored(requests)) {
            actions.add(s.action());
        }
        return actions;
    }

    /** {@link #decideAll} with the scores of each decision. */
    public List<Scored> decideAllScored(List<CjsRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Context> contexts = new ArrayList<>(requests.size());
        for (CjsRequest r : requests) {
            contexts.add(context(r.memory()));
        }
        Autograd.disableOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            return passes == Passes.CACHED ? cachedAll(requests, contexts, scope)
                    : twoPassesAll(requests, contexts, scope);
        }
    }

    private static Context context(CjsMemory memory) {
        if (memory instanceof Context c) {
            return c;
        }
        throw new IllegalArgumentException("the adapted CJS scheduler needs its own context (from start()), got "
                + memory);
    }

    /** Every request's window with its pending step's stage at {@code stages[i]}, laid out as one batch. */
    private NDList laidAll(List<CjsRequest> requests, List<Context> contexts, int[] stages, NDManager scope) {
        List<List<CjsStep>> windows = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            List<CjsStep> window = new ArrayList<>(contexts.get(i).steps());
            window.add(new CjsStep(requests.get(i).observation(), new CjsAction(stages[i], 1),
                    contexts.get(i).returnToGo()));
            windows.add(window);
        }
        return CjsWindows.of(windows, model.settings(), true, scope).inputs();
    }

    /** The step index (over all windows of a batch) of each request's pending step: its window's last. */
    private static long[] pendingRows(List<Context> contexts) {
        long[] rows = new long[contexts.size()];
        long last = -1;
        for (int i = 0; i < rows.length; i++) {
            last += contexts.get(i).steps().size() + 1;
            rows[i] = last;
        }
        return rows;
    }

    /** Each request's stage scores (its pending row of {@code stageLogits}), in request order. */
    private static float[][] stageScoresAll(List<CjsRequest> requests, long[] rows, NDArray stageLogits) {
        float[] logits = stageLogits.toFloatArray();
        int width = Math.toIntExact(stageLogits.getShape().get(1));
        float[][] scores = new float[requests.size()][];
        for (int i = 0; i < scores.length; i++) {
            int offset = Math.toIntExact(rows[i]) * width;
            scores[i] = Arrays.copyOfRange(logits, offset, offset + requests.get(i).observation().schedulable().length);
        }
        return scores;
    }

    private int[] pickStages(List<CjsRequest> requests, float[][] stageScores) {
        int[] stages = new int[requests.size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = pick(stageScores[i], requests.get(i).draws(), true);
        }
        return stages;
    }

    private List<Scored> twoPassesAll(List<CjsRequest> requests, List<Context> contexts, NDManager scope) {
        ParameterStore store = new ParameterStore(scope, false);
        long[] rows = pendingRows(contexts);
        NDList first = model.forward(store, laidAll(requests, contexts, new int[requests.size()], scope), false);
        float[][] stageScores = stageScoresAll(requests, rows, first.get(0));
        int[] stages = pickStages(requests, stageScores);
        NDList second = model.forward(store, laidAll(requests, contexts, stages, scope), false);
        float[] logits = second.get(1).toFloatArray(); // (M, E)
        int e = model.settings().executors();
        List<Scored> decisions = new ArrayList<>(requests.size());
        for (int i = 0; i < stages.length; i++) {
            CjsRequest r = requests.get(i);
            decisions.add(scored(stageScores[i], stages[i],
                    countScores(logits, Math.toIntExact(rows[i]) * e, r.observation(), stages[i]), r.draws()));
        }
        return decisions;
    }

    private List<Scored> cachedAll(List<CjsRequest> requests, List<Context> contexts, NDManager scope) {
        ParameterStore store = new ParameterStore(scope, false);
        int d = model.backbone().spec().hiddenSize();
        long[] rows = pendingRows(contexts);
        NDList in = laidAll(requests, contexts, new int[requests.size()], scope);
        CjsModel.Tokens tokens = model.tokens(store, in, false); // (B, L, d)
        // Each window's real tokens, its pending executor token last (right padding follows).
        float[] lengths = in.get(CjsWindows.SEQUENCE_MASK).sum(new int[] {1}).toFloatArray();
        try (KvCache batch = model.backbone().newCache(scope)) {
            // The whole layout: the stage tokens read no later token, so neither padding nor the placeholder
            // executor tokens (stage 0) change them.
            NDArray hidden = model.backbone().forwardIncremental(store, tokens.tokens(), batch).reshape(-1, d);
            float[][] stageScores = stageScoresAll(requests, rows, model.stageLogits(store, in, hidden, false));
            int[] stages = pickStages(requests, stageScores);
            NDList chosen = laidAll(requests, contexts, stages, scope);
            NDArray executorTokens = model.executorTokens(store, tokens.flat(), chosen, rows); // (1, B, d)
            // Each row's executor token right after its own window's stage tokens, the padding and the
            // placeholder executor token past them unread.
            long[] before = new long[requests.size()];
            NDList masks = new NDList(requests.size());
            for (int i = 0; i < before.length; i++) {
                before[i] = (long) lengths[i] - 1;
                masks.add(chosen.get(CjsWindows.EXECUTOR_MASK).get(rows[i]));
            }
            NDArray outputs = model.backbone().forwardAfter(store,
                    executorTokens.reshape(before.length, 1, d), batch, before).reshape(1, before.length, d);
            float[] logits = model.executorLogits(store, outputs, NDArrays.stack(masks), false)
                    .toFloatArray(); // (B, E)
            int e = model.settings().executors();
            List<Scored> decisions = new ArrayList<>(requests.size());
            for (int i = 0; i < stages.length; i++) {
                CjsRequest r = requests.get(i);
                decisions.add(scored(stageScores[i], stages[i], countScores(logits, i * e, r.observation(), stages[i]),
                        r.draws()));
            }
            return decisions;
        }
    }

    /** The executor scores of counts 1..cap of the chosen stage's job, at {@code logits[offset ..]}. */
    private float[] countScores(float[] logits, int offset, CjsObservation observation, int stage) {
        int e = model.settings().executors();
        int job = observation.jobOf(observation.schedulable()[stage]);
        int cap = Math.max(1, Math.min(observation.commitCap(job), e));
        return Arrays.copyOfRange(logits, offset, offset + cap);
    }

    private Scored scored(float[] stageScores, int stage, float[] countScores, SchedulerDraws draws) {
        return new Scored(new CjsAction(stage, pick(countScores, draws, false) + 1), stageScores, countScores);
    }

    /** The pick among {@code scores}: greedy, or a draw from their softmax at the temperature. */
    private int pick(float[] scores, SchedulerDraws draws, boolean stage) {
        if (choice == Choice.SAMPLED) {
            double[] tempered = new double[scores.length];
            for (int k = 0; k < scores.length; k++) {
                tempered[k] = scores[k] / temperature;
            }
            return Decima.sample(tempered, stage ? draws.stageDraw() : draws.executorDraw());
        }
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }
}
