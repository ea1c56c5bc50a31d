package org.netllm.emulation.cjs;

import java.util.random.RandomGenerator;

/**
 * The two random draws of a task start: the uniform of the executor-count key draw and the element of the chosen
 * duration list. Deterministic mode uses rules D4 and D5 of the task's launch index k; one-stream normal mode takes
 * both from the episode's generator; split-stream normal mode hashes (world seed, stage, k), so a task's draws are the
 * same whatever was decided before it.
 */
sealed interface TaskDraws {

    /** u in [0, 1) for the key draw of the task with launch index {@code k} of global stage {@code stage}. */
    double keyDraw(int stage, int k);

    /** An index in [0, size) into the duration list of that task. */
    int element(int stage, int k, int size);

    /** Rules D4 and D5. */
    record Deterministic() implements TaskDraws {
        @Override
        public double keyDraw(int stage, int k) {
            return ((k * 2654435769L) & 0xffffffffL) / 4294967296.0;
        }

        @Override
        public int element(int stage, int k, int size) {
            return k % size;
        }
    }

    /** Draws from one generator (the episode's, shared with the scheduler's draws). */
    record Seeded(RandomGenerator random) implements TaskDraws {
        @Override
        public double keyDraw(int stage, int k) {
            return random.nextDouble();
        }

        @Override
        public int element(int stage, int k, int size) {
            return random.nextInt(size);
        }
    }

    /** The world of split-stream mode: each task's draws are a hash of (seed, stage, launch index). */
    record Hashed(long seed) implements TaskDraws {
        private static final int KEY = 0;
        private static final int ELEMENT = 1;

        @Override
        public double keyDraw(int stage, int k) {
            return CounterBasedRandom.uniform(seed, stage, k, KEY);
        }

        @Override
        public int element(int stage, int k, int size) {
            return Math.min(size - 1, (int) (CounterBasedRandom.uniform(seed, stage, k, ELEMENT) * size));
        }
    }
}
