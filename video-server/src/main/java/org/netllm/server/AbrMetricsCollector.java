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
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.SessionBoard;

/**
 * The ABR control plane's counters as Prometheus metric families ({@code netllm_abr_*}), read from the actors'
 * {@link DecisionMetrics} and the session board at each scrape.
 */
final class AbrMetricsCollector implements MultiCollector {

    private final DecisionMetrics decisions;
    private final SessionBoard board;

    AbrMetricsCollector(DecisionMetrics decisions, SessionBoard board) {
        this.decisions = decisions;
        this.board = board;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder bySource = CounterSnapshot.builder().name("netllm_abr_decisions")
                .help("ABR decisions answered, by who answered them.");
        for (DecisionMetrics.Source source : DecisionMetrics.Source.values()) {
            bySource.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("source", source.name().toLowerCase(Locale.ROOT)))
                    .value(decisions.decisions(source)).build());
        }
        long[] counts = decisions.latencyBucketCounts();
        double[] bounds = Arrays.copyOf(DecisionMetrics.LATENCY_BUCKETS_SECONDS, counts.length);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        HistogramSnapshot latency = HistogramSnapshot.builder().name("netllm_abr_decision_latency_seconds")
                .help("Time from a chunk report to the next level's answer.")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(decisions.latencySecondsSum()).build())
                .build();
        return MetricSnapshots.of(bySource.build(),
                counter("netllm_abr_fallbacks",
                        "ABR decisions the session's fallback answered (deadline missed, overload or failure).",
                        decisions.fallbacksTotal()),
                counter("netllm_abr_late_answers_dropped",
                        "Policy answers that arrived after the fallback had answered, and were dropped.",
                        decisions.lateAnswersDropped()),
                latency,
                GaugeSnapshot.builder().name("netllm_abr_active_sessions").help("Live ABR sessions.")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .value(board.activeSessions()).build()).build());
    }

    static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
