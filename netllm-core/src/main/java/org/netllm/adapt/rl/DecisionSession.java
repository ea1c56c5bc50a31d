package org.netllm.adapt.rl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.head.ActionMask;

/**
 * One episode at inference: the context of past steps and the return still to be earned. Ask for a decision
 * with a new state, then report the action taken and the reward received; the target return falls by each
 * reward. Not threadsafe: one caller per session.
 *
 * <p>The context holds at most w steps, the one being decided included; which ones when it is full is the
 * policy's {@link ReturnConditionedPolicy.Context}: the last w (sliding, NetLLM's) or, restarting, the last
 * ⌈w/2⌉, after which it grows again. A context that only grows lets the policy keep the backbone's keys and
 * values between decisions (positions count from the context's first step, so sliding invalidates them every
 * step). The policy's cached and full-recompute passes read the same context, so they answer alike.
 */
public final class DecisionSession {

    /** A step of the context; {@code action} is null while the step awaits its decision. */
    record Step(double returnToGo, float[][] state, float[] action, int timestep) {
    }

    private final ReturnConditionedPolicy policy;
    private final int window;
    private final Random random;
    private final Deque<Step> past = new ArrayDeque<>();
    private Step pending;
    private double returnToGo;
    private int timestep;
    private long restarts;

    DecisionSession(ReturnConditionedPolicy policy, int window, double targetReturn, Random random) {
        this.policy = policy;
        this.window = window;
        this.random = random;
        this.returnToGo = targetReturn;
    }

    /** Decides the current step from this state (alone in its forward pass, with the session's key/value cache). */
    public Decision decide(List<float[]> state, ActionMask mask) {
        return policy.decide(List.of(new DecisionRequest(this, state, mask))).get(0);
    }

    /**
     * Takes a step whose action another policy chose into the context without a forward pass: the state becomes the
     * pending step, completed by {@link #record} like a decided one.
     */
    public void pass(List<float[]> state) {
        policy.pass(this, state);
    }

    /** Completes the pending step with the action actually taken and the reward it earned. */
    public void record(float[] action, double reward) {
        if (pending == null) {
            throw new IllegalStateException("record() needs a decide() first");
        }
        past.addLast(new Step(pending.returnToGo(), pending.state(), action.clone(), pending.timestep()));
        pending = null;
        returnToGo -= reward;
        timestep++;
    }

    /** Starts a new episode with a fresh target return (and frees the session's key/value cache). */
    public void reset(double targetReturn) {
        past.clear();
        pending = null;
        returnToGo = targetReturn;
        timestep = 0;
        restarts++;
        policy.forget(this);
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

    /**
     * Counts the context's restarts (and resets): a key/value cache built for one value is stale under another,
     * even when the steps it holds look the same.
     */
    long restarts() {
        return restarts;
    }

    /** Sets the step awaiting a decision and returns the context ending with it (1 to w steps). */
    List<Step> contextWith(float[][] state) {
        if (past.size() + 1 > window) {
            int keep = policy.context() == ReturnConditionedPolicy.Context.SLIDING
                    ? window - 1
                    : (window + 1) / 2 - 1; // ⌈w/2⌉ steps with the pending one
            while (past.size() > keep) {
                past.removeFirst();
            }
            restarts++;
        }
        pending = new Step(returnToGo, state, null, timestep);
        var context = new ArrayList<Step>(past.size() + 1);
        context.addAll(past);
        context.add(pending);
        return context;
    }
}
