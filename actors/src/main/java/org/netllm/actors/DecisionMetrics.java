package org.netllm.actors;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one task's live decisions (metric names {@code netllm_<task>_…}): how many were made, by whom, how late
 * answers were dropped, a latency histogram with fixed bucket bounds (Prometheus style, cumulative on export), and
 * histograms of what the sessions achieved ({@link #outcome}). This class is threadsafe.
 */
public final class DecisionMetrics {

    /** Who answered a decision. */
    public enum Source {
        /** The configured policy, within the deadline. */
        POLICY,
        /** The session's fallback, because the policy missed the deadline. */
        FALLBACK_DEADLINE,
        /** The session's fallback, because the policy actor was overloaded. */
        FALLBACK_OVERLOAD,
        /** The session's fallback, because the policy's call failed. */
        FALLBACK_FAILURE;

        public boolean isFallback() {
            return this != POLICY;
        }

        /** The name in answers, views and metric labels, e.g. {@code fallback_deadline}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Upper bounds of the latency buckets, in seconds. */
    public static final double[] LATENCY_BUCKETS_SECONDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

    private final Map<Source, LongAdder> decisions = new EnumMap<>(Source.class);
    private final LongAdder lateAnswersDropped = new LongAdder();
    private final LongAdder withdrawn = new LongAdder();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS_SECONDS.length + 1];
    private final LongAdder latencyNanosSum = new LongAdder();

    private final String task;
    private final java.util.Map<String, OutcomeHistogram> outcomes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counters of task {@code task} ({@code abr}, {@code vp}, {@code cjs}): its metrics are {@code netllm_<task>_*}. */
    public DecisionMetrics(String task) {
        if (!task.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("task name " + task + " must be lower-case letters, digits or _");
        }
        this.task = task;
        for (Source s : Source.values()) {
            decisions.put(s, new LongAdder());
        }
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    /** The task these decisions belong to. */
    public String task() {
        return task;
    }

    /**
     * The histogram of one outcome of this task's sessions ({@code netllm_<task>_<name>}), made on first use with
     * {@code help} and {@code bounds}; later calls with the same name get the same one.
     */
    public OutcomeHistogram outcome(String name, String help, double... bounds) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("outcome name " + name + " must be lower-case letters, digits or _");
        }
        return outcomes.computeIfAbsent(name, n -> OutcomeHistogram.of(n, help, bounds));
    }

    /** Every outcome histogram made so far, by name. */
    public java.util.SortedMap<String, OutcomeHistogram> outcomes() {
        return new java.util.TreeMap<>(outcomes);
    }

    /** Records one answered decision and the time from request to answer. */
    public void recordDecision(Source source, long latencyNanos) {
        decisions.get(source).increment();
        latencyNanosSum.add(latencyNanos);
        double seconds = latencyNanos / 1e9;
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[bucket]) {
            bucket++;
        }
        latencyBuckets[bucket].increment();
    }

    /** A request the policy did not decide: it waited in the policy's queue past its deadline. */
    public void recordWithdrawn() {
        withdrawn.increment();
    }

    /** Requests the policy did not decide because they waited past their deadline. */
    public long withdrawn() {
        return withdrawn.sum();
    }

    /** A policy answer that came after the fallback had already answered. */
    public void recordLateAnswerDropped() {
        lateAnswersDropped.increment();
    }

    public long decisions(Source source) {
        return decisions.get(source).sum();
    }

    public long decisionsTotal() {
        long total = 0;
        for (LongAdder a : decisions.values()) {
            total += a.sum();
        }
        return total;
    }

    public long fallbacksTotal() {
        return decisionsTotal() - decisions(Source.POLICY);
    }

    public long lateAnswersDropped() {
        return lateAnswersDropped.sum();
    }

    /** Non-cumulative counts per bucket; the last one counts latencies above every bound. */
    public long[] latencyBucketCounts() {
        long[] counts = new long[latencyBuckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = latencyBuckets[i].sum();
        }
        return counts;
    }

    public double latencySecondsSum() {
        return latencyNanosSum.sum() / 1e9;
    }
}
