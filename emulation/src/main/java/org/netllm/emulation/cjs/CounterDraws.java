package org.netllm.emulation.cjs;

import org.netllm.controller.cjs.SchedulerDraws;

/**
 * The scheduler's draws at one decision in split-stream mode: hashes of (seed, decision index, head), so a decision's
 * draws do not depend on how many durations were drawn before it, and a copy of the episode needs no generator state.
 *
 * @param seed     the decision stream's seed
 * @param decision the decision's 0-based index in its episode
 */
record CounterDraws(long seed, int decision) implements SchedulerDraws {

    @Override
    public double stageDraw() {
        return CounterBasedRandom.uniform(seed, decision, 0, 0);
    }

    @Override
    public double executorDraw() {
        return CounterBasedRandom.uniform(seed, decision, 1, 0);
    }

    @Override
    public double explorationDraw() {
        return CounterBasedRandom.uniform(seed, decision, 2, 0);
    }
}
