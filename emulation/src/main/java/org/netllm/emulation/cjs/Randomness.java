package org.netllm.emulation.cjs;

/** Where an episode's random draws come from. */
public sealed interface Randomness {

    /**
     * Normal mode on one stream (NetLLM's way, and what every committed normal-mode figure used): one generator
     * seeded with {@code seed} draws task durations and the scheduler's samples alike, interleaved, so two schedulers
     * (or two rollouts) on one seed see different durations as soon as they decide differently.
     *
     * @param seed           the generator's seed
     * @param jobsDrawnFirst how many jobs the stream drew before the episode (a generated episode's job count; 0 for
     *                       a job file), skipped so that durations and decisions continue the same stream
     */
    record Seeded(long seed, int jobsDrawnFirst) implements Randomness {
    }

    /**
     * Normal mode on two streams: the world (task durations) and the scheduler's decisions draw from separate
     * counter-based streams, a task's draws keyed by (stage, launch index) and a decision's by its index. Two
     * rollouts with one world seed share their durations wherever they start the same task (common random numbers),
     * and differ only by what was decided.
     *
     * @param worldSeed    seed of the task durations
     * @param decisionSeed seed of the scheduler's draws
     */
    record Split(long worldSeed, long decisionSeed) implements Randomness {

        private static final long WORLD = 0x5157_4f52_4c44L;
        private static final long DECISIONS = 0x4445_4349_5349L;

        /** The two streams of one base seed (a generated episode's seed, a job file's draw seed). */
        public static Split of(long seed) {
            return new Split(CounterBasedRandom.hash(seed, WORLD, 0, 0), CounterBasedRandom.hash(seed, DECISIONS, 0, 0));
        }
    }

    /** Deterministic mode (spec D1–D10): every draw is a rule, a run is a function of (jobs, N, scheduler). */
    record Deterministic() implements Randomness {
    }
}
