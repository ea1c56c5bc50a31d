package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.model.Autograd;
import org.netllm.backbone.KvCache;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
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
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("temperature must be a positive finite number, got " + t);
        }
        return new NetllmCjsScheduler(name, model, conditioning, manager, passes, Choice.SAMPLED, t);
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

    /** The first decision of an episode. */
    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
        return decide(observation, draws, start());
    }

    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
        Context context = context(memory);
        Autograd.disableOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            return passes == Passes.CACHED ? cached(context, observation, draws, scope)
                    : twoPasses(context, observation, draws, scope);
        }
    }

    private static Context context(CjsMemory memory) {
        if (memory instanceof Context c) {
            return c;
        }
        throw new IllegalArgumentException("the adapted CJS scheduler needs its own context (from start()), got "
                + memory);
    }

    private CjsWindows laid(Context context, CjsObservation observation, int stage, NDManager scope) {
        List<CjsStep> window = new ArrayList<>(context.steps());
        window.add(new CjsStep(observation, new CjsAction(stage, 1), context.returnToGo()));
        return CjsWindows.of(List.of(window), model.settings(), true, scope);
    }

    private CjsAction twoPasses(Context context, CjsObservation observation, SchedulerDraws draws, NDManager scope) {
        ParameterStore store = new ParameterStore(scope, false);
        NDList first = model.forward(store, laid(context, observation, 0, scope).inputs(), false);
        int stage = pickStage(first.get(0), context.steps().size(), observation, draws);
        NDList second = model.forward(store, laid(context, observation, stage, scope).inputs(), false);
        float[] logits = second.get(1).toFloatArray();
        int e = model.settings().executors();
        return new CjsAction(stage, pickCount(logits, context.steps().size() * e, observation, stage, draws));
    }

    private CjsAction cached(Context context, CjsObservation observation, SchedulerDraws draws, NDManager scope) {
        ParameterStore store = new ParameterStore(scope, false);
        int d = model.backbone().spec().hiddenSize();
        NDList in = laid(context, observation, 0, scope).inputs();
        CjsModel.Tokens tokens = model.tokens(store, in, false);
        long length = tokens.tokens().getShape().get(1);
        try (KvCache cache = model.backbone().newCache(scope)) {
            // One window, no padding: the pending step's executor token is the last; every stage token precedes it.
            NDArray prefix = tokens.tokens().get(":, 0:" + (length - 1) + ", :");
            NDArray hidden = model.backbone().forwardIncremental(store, prefix, cache).reshape(-1, d);
            int stage = pickStage(model.stageLogits(store, in, hidden, false), context.steps().size(), observation,
                    draws);
            NDList chosen = laid(context, observation, stage, scope).inputs();
            NDArray executorToken = model.lastExecutorToken(store, tokens.flat(), chosen);
            NDArray out = model.backbone().forwardIncremental(store, executorToken, cache);
            NDArray mask = chosen.get(CjsWindows.EXECUTOR_MASK).get((long) context.steps().size()).expandDims(0);
            float[] logits = model.executorLogits(store, out, mask, false).toFloatArray();
            return new CjsAction(stage, pickCount(logits, 0, observation, stage, draws));
        }
    }

    private int pickStage(NDArray stageLogits, int pendingRow, CjsObservation observation, SchedulerDraws draws) {
        float[] logits = stageLogits.toFloatArray();
        // The pending step is the last row of (steps, widest step's stages).
        int width = logits.length / (pendingRow + 1);
        return pick(logits, pendingRow * width, observation.schedulable().length, draws, true);
    }

    private int pickCount(float[] logits, int offset, CjsObservation observation, int stage, SchedulerDraws draws) {
        int e = model.settings().executors();
        int job = observation.jobOf(observation.schedulable()[stage]);
        int cap = Math.max(1, Math.min(observation.commitCap(job), e));
        return pick(logits, offset, cap, draws, false) + 1;
    }

    /** The pick among {@code logits[offset .. offset + count)}. */
    private int pick(float[] logits, int offset, int count, SchedulerDraws draws, boolean stage) {
        if (choice == Choice.SAMPLED) {
            double[] scores = new double[count];
            for (int k = 0; k < count; k++) {
                scores[k] = logits[offset + k] / temperature;
            }
            return Decima.sample(scores, stage ? draws.stageDraw() : draws.executorDraw());
        }
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (logits[offset + k] > logits[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
