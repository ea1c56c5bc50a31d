package org.netllm.emulation.cjs;

import java.util.random.RandomGenerator;

/**
 * The two random draws of a task start: the uniform of the executor-count key draw and the element of the chosen
 * duration list. Normal mode takes both from the episode's generator; deterministic mode uses rules D4 and D5 of
 * the task's launch index k.
 */
sealed interface TaskDraws {

    /** u in [0, 1) for the key draw of the task with launch index {@code k}. */
    double keyDraw(int k);

    /** An index in [0, size) into the duration list. */
    int element(int k, int size);

    /** Rules D4 and D5. */
    record Deterministic() implements TaskDraws {
        @Override
        public double keyDraw(int k) {
            return ((k * 2654435769L) & 0xffffffffL) / 4294967296.0;
        }

        @Override
        public int element(int k, int size) {
            return k % size;
        }
    }

    /** Draws from one generator (the episode's). */
    record Seeded(RandomGenerator random) implements TaskDraws {
        @Override
        public double keyDraw(int k) {
            return random.nextDouble();
        }

        @Override
        public int element(int k, int size) {
            return random.nextInt(size);
        }
    }
}
