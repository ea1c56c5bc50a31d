package org.netllm.actors;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * How one outcome of a task's live sessions is distributed (a session's QoE, a chunk's stall, a prediction's error,
 * a job's completion time), in fixed buckets as Prometheus histograms keep them (non-cumulative here, cumulative
 * on export). Values that are not finite are not counted. This class is threadsafe.
 *
 * @param name   the metric's name after {@code netllm_<task>_}, e.g. {@code session_qoe}
 * @param help   what one observation is, for the metric's help line
 * @param bounds the buckets' upper bounds, increasing; a last bucket counts values above them all
 */
public record OutcomeHistogram(String name, String help, double[] bounds, LongAdder[] counts, DoubleAdder sum) {

    public OutcomeHistogram {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(bounds));
            }
        }
        bounds = bounds.clone();
    }

    /** An empty histogram. */
    public static OutcomeHistogram of(String name, String help, double... bounds) {
        LongAdder[] counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
        return new OutcomeHistogram(name, help, bounds, counts, new DoubleAdder());
    }

    /** Counts one value in the first bucket whose bound is at or above it. */
    public void observe(double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sum.add(value);
    }

    /** Non-cumulative counts per bucket; the last one counts values above every bound. */
    public long[] bucketCounts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].sum();
        }
        return out;
    }

    /** How many values were counted. */
    public long count() {
        return Arrays.stream(bucketCounts()).sum();
    }

    /** The bounds (a copy). */
    @Override
    public double[] bounds() {
        return bounds.clone();
    }
}
