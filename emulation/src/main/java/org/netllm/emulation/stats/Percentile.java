package org.netllm.emulation.stats;

import java.util.Arrays;

/**
 * The one percentile definition behind every table and metric the project prints: linear interpolation between the
 * order statistics around rank {@code q·(n−1)} (0-based), numpy's default ({@code numpy.percentile}, Hyndman and Fan's
 * type 7). The q-quantile of {@code 1, 2, 3, 4} is {@code 2.5} at q = 0.5 and {@code 3.97} at q = 0.99; q = 0 and
 * q = 1 are the smallest and the largest value.
 *
 * <p>Why this one: the evaluation tables (ABR QoE, CJS job completion times, VP MAE) have always used it, and their
 * figures are pinned; the latency tables used nearest rank, which moves in whole samples (with 100 samples, p99 is the
 * largest-but-one sample whether the largest is 1 ms or 1 s away), and one command rounded the rank.
 *
 * <p>This class is threadsafe (it has no state).
 */
public final class Percentile {

    private Percentile() {
    }

    /**
     * The q-quantile of values sorted in ascending order; NaN when there are none.
     *
     * @param q the quantile, in [0, 1] (0.99 for p99)
     */
    public static double ofSorted(double[] sorted, double q) {
        check(q);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The q-quantile of values in any order (they are not changed); NaN when there are none. */
    public static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    /** The q-quantile of whole values in any order (they are not changed); NaN when there are none. */
    public static double of(long[] values, double q) {
        return ofSorted(Arrays.stream(values).sorted().asDoubleStream().toArray(), q);
    }

    /** The q-quantile of whole values in any order (they are not changed); NaN when there are none. */
    public static double of(int[] values, double q) {
        return ofSorted(Arrays.stream(values).sorted().asDoubleStream().toArray(), q);
    }

    private static void check(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile is in [0, 1] (0.99 for p99), got " + q);
        }
    }
}
