package org.netllm.emulation.cjs;

/**
 * Counter-based random numbers: a uniform is a hash of (seed, counters) rather than the next value of a generator, so
 * a draw depends only on what it is for (which task, which decision), not on how many draws came before it. Two
 * rollouts of one episode then share every draw they have in common (common random numbers), and a copy of the
 * simulator needs no generator state. The hash is SplitMix64's finaliser (Steele, Lea and Flood 2014), chained.
 */
final class CounterBasedRandom {

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private CounterBasedRandom() {
    }

    /** A well-mixed 64-bit value of {@code seed} and the counters {@code a}, {@code b}, {@code c}. */
    static long hash(long seed, long a, long b, long c) {
        long h = mix64(seed + GOLDEN);
        h = mix64(h ^ (a * GOLDEN));
        h = mix64(h ^ (b * GOLDEN));
        return mix64(h ^ (c * GOLDEN));
    }

    /** A uniform double in [0, 1) of {@code seed} and the counters (53 random bits). */
    static double uniform(long seed, long a, long b, long c) {
        return (hash(seed, a, b, c) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's output function (variant 13 of Stafford's mixers). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
