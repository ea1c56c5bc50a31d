package org.netllm.emulation.cjs;

/** Where an episode's random draws come from. */
public sealed interface Randomness {

    /**
     * Normal mode: one generator seeded with {@code seed} draws everything.
     *
     * @param seed           the generator's seed
     * @param jobsDrawnFirst how many jobs the stream drew before the episode (a generated episode's job count; 0 for
     *                       a job file), skipped so that durations and decisions continue the same stream
     */
    record Seeded(long seed, int jobsDrawnFirst) implements Randomness {
    }

    /** Deterministic mode (spec D1–D10): every draw is a rule, a run is a function of (jobs, N, scheduler). */
    record Deterministic() implements Randomness {
    }
}
