package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.model.Autograd;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * The adapted model as a cluster job scheduler: greedy stage and executor count, conditioned on a target return that
 * falls by each step's reward ({@link #rewarded}), over a sliding window of the last w decisions (NetLLM's
 * context). One episode per thread at a time: a decision with index 0 starts a new episode on that thread.
 */
public final class NetllmCjsScheduler implements CjsScheduler {

    private final String name;
    private final CjsModel model;
    private final NDManager manager;
    private final CjsConditioning conditioning;
    private final ThreadLocal<Session> sessions = new ThreadLocal<>();

    /**
     * @param conditioning the target the first decision is conditioned on, and how rewards lower it
     */
    public NetllmCjsScheduler(String name, CjsModel model, CjsConditioning conditioning, NDManager manager) {
        this.name = name;
        this.model = model;
        this.conditioning = conditioning;
        this.manager = manager;
    }

    @Override
    public String name() {
        return name;
    }

    /** The model deciding. */
    public CjsModel model() {
        return model;
    }

    private static final class Session {
        final ArrayDeque<CjsStep> history = new ArrayDeque<>();
        double returnToGo;
    }

    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
        Session session = sessions.get();
        if (session == null || observation.decision() == 0) {
            session = new Session();
            session.returnToGo = conditioning.targetReturn();
            sessions.set(session);
        }
        int window = model.settings().window();
        List<CjsStep> context = new ArrayList<>(session.history);
        context = new ArrayList<>(context.subList(Math.max(0, context.size() - (window - 1)), context.size()));
        double rtg = session.returnToGo;
        int stage = decideStage(context, observation, rtg);
        int executors = decideExecutors(context, observation, rtg, stage);
        CjsAction action = new CjsAction(stage, executors);
        session.history.addLast(new CjsStep(observation, action, rtg));
        while (session.history.size() > window) {
            session.history.removeFirst();
        }
        return action;
    }

    @Override
    public void rewarded(double reward) {
        Session session = sessions.get();
        if (session != null) {
            session.returnToGo -= conditioning.reward(reward) / conditioning.returnScale();
        }
    }

    private NDList forward(List<CjsStep> context, CjsObservation observation, double rtg, int stage,
                           NDManager scope) {
        List<CjsStep> window = new ArrayList<>(context);
        window.add(new CjsStep(observation, new CjsAction(stage, 1), rtg));
        CjsWindows laid = CjsWindows.of(List.of(window), model.settings(), true, scope);
        return model.forward(new ParameterStore(scope, false), laid.inputs(), false);
    }

    private int decideStage(List<CjsStep> context, CjsObservation observation, double rtg) {
        Autograd.disableOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            float[] logits = forward(context, observation, rtg, 0, scope).get(0).toFloatArray();
            int s = observation.schedulable().length;
            // The pending step is the window's last row of (steps, widest step's stages).
            int width = logits.length / (context.size() + 1);
            int offset = context.size() * width;
            int best = 0;
            for (int p = 1; p < s; p++) {
                if (logits[offset + p] > logits[offset + best]) {
                    best = p;
                }
            }
            return best;
        }
    }

    private int decideExecutors(List<CjsStep> context, CjsObservation observation, double rtg, int stage) {
        try (NDManager scope = manager.newSubManager()) {
            float[] logits = forward(context, observation, rtg, stage, scope).get(1).toFloatArray();
            int e = model.settings().executors();
            int offset = context.size() * e;
            int job = observation.jobOf(observation.schedulable()[stage]);
            int cap = Math.max(1, Math.min(observation.commitCap(job), e));
            int best = 0;
            for (int k = 1; k < cap; k++) {
                if (logits[offset + k] > logits[offset + best]) {
                    best = k;
                }
            }
            return best + 1;
        }
    }
}
