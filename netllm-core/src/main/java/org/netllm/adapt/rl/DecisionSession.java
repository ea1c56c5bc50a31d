package org.netllm.adapt.rl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.head.ActionMask;

/**
 * One episode at inference: the window of past steps and the return still to be earned. Ask for a decision
 * with a new state, then report the action taken and the reward received; the target return falls by each
 * reward. Not threadsafe: one caller per session.
 */
public final class DecisionSession {

    /** A step of the context; {@code action} is null while the step awaits its decision. */
    record Step(double returnToGo, float[][] state, float[] action, int timestep) {
    }

    private final ReturnConditionedPolicy policy;
    private final int capacity;
    private final Random random;
    private final Deque<Step> past = new ArrayDeque<>();
    private Step pending;
    private double returnToGo;
    private int timestep;

    DecisionSession(ReturnConditionedPolicy policy, int window, double targetReturn, Random random) {
        this.policy = policy;
        this.capacity = window - 1;
        this.random = random;
        this.returnToGo = targetReturn;
    }

    /** Decides the current step from this state (alone in its forward pass). */
    public Decision decide(List<float[]> state, ActionMask mask) {
        return policy.decide(List.of(new DecisionRequest(this, state, mask))).get(0);
    }

    /** Completes the pending step with the action actually taken and the reward it earned. */
    public void record(float[] action, double reward) {
        if (pending == null) {
            throw new IllegalStateException("record() needs a decide() first");
        }
        past.addLast(new Step(pending.returnToGo(), pending.state(), action.clone(), pending.timestep()));
        while (past.size() > capacity) {
            past.removeFirst();
        }
        pending = null;
        returnToGo -= reward;
        timestep++;
    }

    /** Starts a new episode with a fresh target return. */
    public void reset(double targetReturn) {
        past.clear();
        pending = null;
        returnToGo = targetReturn;
        timestep = 0;
    }

    /** The return still to be earned. */
    public double returnToGo() {
        return returnToGo;
    }

    /** Steps completed in this episode. */
    public int timestep() {
        return timestep;
    }

    Random random() {
        return random;
    }

    /** Sets the step awaiting a decision and returns the context window ending with it. */
    List<Step> contextWith(float[][] state) {
        pending = new Step(returnToGo, state, null, timestep);
        var context = new java.util.ArrayList<Step>(past);
        context.add(pending);
        return context;
    }
}
