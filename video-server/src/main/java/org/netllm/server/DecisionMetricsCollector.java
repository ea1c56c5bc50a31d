package org.netllm.server;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.OutcomeHistogram;

/**
 * One task's live decisions as Prometheus metric families ({@code netllm_<task>_*}), read from the actors'
 * {@link DecisionMetrics} (its counters, latency and outcome histograms) and the task's live session count at each
 * scrape.
 */
public final class DecisionMetricsCollector implements MultiCollector {

    private final DecisionMetrics decisions;
    private final IntSupplier activeSessions;
    private final String prefix;
    private final String task;

    DecisionMetricsCollector(DecisionMetrics decisions, IntSupplier activeSessions) {
        this.decisions = decisions;
        this.activeSessions = activeSessions;
        this.prefix = "netllm_" + decisions.task();
        this.task = decisions.task().toUpperCase(Locale.ROOT);
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder bySource = CounterSnapshot.builder().name(prefix + "_decisions")
                .help(task + " decisions answered, by who answered them.");
        for (DecisionMetrics.Source source : DecisionMetrics.Source.values()) {
            bySource.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("source", source.label()))
                    .value(decisions.decisions(source)).build());
        }
        long[] counts = decisions.latencyBucketCounts();
        double[] bounds = Arrays.copyOf(DecisionMetrics.LATENCY_BUCKETS_SECONDS, counts.length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        HistogramSnapshot latency = HistogramSnapshot.builder().name(prefix + "_decision_latency_seconds")
                .help("Time from a session's request to its answer.")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(decisions.latencySecondsSum()).build())
                .build();
        MetricSnapshots base = MetricSnapshots.of(bySource.build(),
                counter(prefix + "_fallbacks",
                        task + " decisions the session's fallback answered (deadline missed, overload or failure).",
                        decisions.fallbacksTotal()),
                counter(prefix + "_late_answers_dropped",
                        "Policy answers that arrived after the fallback had answered, and were dropped.",
                        decisions.lateAnswersDropped()),
                counter(prefix + "_requests_withdrawn",
                        "Requests the policy did not decide: they waited in its queue past their deadline (their "
                                + "fallback answered).", decisions.withdrawn()),
                latency,
                GaugeSnapshot.builder().name(prefix + "_active_sessions").help("Live " + task + " sessions.")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .value(activeSessions.getAsInt()).build()).build());
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        base.forEach(all::metricSnapshot);
        outcomes(decisions).forEach(all::metricSnapshot);
        return all.build();
    }

    /**
     * Only the outcome histograms of {@code decisions} ({@code netllm_<task>_<outcome>}): what a node exports whose
     * sessions run elsewhere (a policy-only cluster node).
     */
    public static MultiCollector outcomesOf(DecisionMetrics decisions) {
        return () -> outcomes(decisions);
    }

    private static MetricSnapshots outcomes(DecisionMetrics decisions) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        String prefix = "netllm_" + decisions.task();
        for (OutcomeHistogram outcome : decisions.outcomes().values()) {
            long[] counts = outcome.bucketCounts();
            double[] bounds = Arrays.copyOf(outcome.bounds(), counts.length);
            bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            all.metricSnapshot(HistogramSnapshot.builder().name(prefix + "_" + outcome.name()).help(outcome.help())
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                            .sum(outcome.sum().sum()).build())
                    .build());
        }
        return all.build();
    }

    static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
