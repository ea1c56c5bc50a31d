package org.netllm.controller.cjs;

import java.util.random.RandomGenerator;

/**
 * The uniform numbers in [0, 1) a stochastic scheduler uses at one decision: one for the stage head, then one for
 * the executor head. In normal mode they come from the episode's one generator (as NetLLM draws from the stream its
 * simulator uses); in deterministic mode they are the spec's rule D8 of the decision index.
 */
public interface SchedulerDraws {

    /** The draw for the stage choice of this decision. */
    double stageDraw();

    /** The draw for the executor-count choice of this decision. */
    double executorDraw();

    /** The draw that decides whether an ε-greedy scheduler explores at this decision (taken before the others). */
    double explorationDraw();

    /** Draws from {@code random}, stage first (call order is the order of use). */
    static SchedulerDraws from(RandomGenerator random) {
        return new SchedulerDraws() {
            @Override
            public double stageDraw() {
                return random.nextDouble();
            }

            @Override
            public double executorDraw() {
                return random.nextDouble();
            }

            @Override
            public double explorationDraw() {
                return random.nextDouble();
            }
        };
    }

    /** Rule D8 for the {@code decision}-th decision (0-based): Weyl-sequence points, one constant per head. */
    static SchedulerDraws deterministic(int decision) {
        return new SchedulerDraws() {
            @Override
            public double stageDraw() {
                return weyl(decision, 2654435769L);
            }

            @Override
            public double executorDraw() {
                return weyl(decision, 1779033703L);
            }

            @Override
            public double explorationDraw() {
                return weyl(decision, 3141592653L); // not in the spec: only ε-greedy collection uses it
            }
        };
    }

    /** {@code ((t * constant) mod 2^32) / 2^32}. */
    static double weyl(long t, long constant) {
        return ((t * constant) & 0xffffffffL) / 4294967296.0;
    }
}
