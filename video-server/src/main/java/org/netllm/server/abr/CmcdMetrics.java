package org.netllm.server.abr;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the CMCD/CMSD side ({@code netllm_cmcd_*}, {@code netllm_cmsd_*}): requests that carried CMCD, keys
 * ignored as malformed (by key), sessions opened on first sight of a {@code sid} and refused (quota or cap), and
 * CMSD {@code mb} values sent, by who chose them. The decisions themselves are counted with every other ABR decision
 * ({@code netllm_abr_decisions_total}). This class is threadsafe.
 */
public final class CmcdMetrics implements MultiCollector {

    private final LongAdder requests = new LongAdder();
    private final LongAdder sessionsOpened = new LongAdder();
    private final LongAdder sessionsRefused = new LongAdder();
    private final Map<String, LongAdder> malformed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> maxBitrates = new ConcurrentHashMap<>();

    void request() {
        requests.increment();
    }

    void malformed(String key) {
        // Keys are CTA-5004's few (or "syntax"); an unknown key is skipped before it gets here, so labels stay bounded.
        malformed.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void sessionOpened() {
        sessionsOpened.increment();
    }

    void sessionRefused() {
        sessionsRefused.increment();
    }

    void maxBitrateSent(String decidedBy) {
        maxBitrates.computeIfAbsent(decidedBy, k -> new LongAdder()).increment();
    }

    public long requests() {
        return requests.sum();
    }

    /** Keys {@code key} ignored as malformed so far. */
    public long malformedOf(String key) {
        LongAdder n = malformed.get(key);
        return n == null ? 0 : n.sum();
    }

    /** Malformed keys ignored so far, over every key. */
    public long malformedTotal() {
        return malformed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long sessionsOpened() {
        return sessionsOpened.sum();
    }

    public long sessionsRefused() {
        return sessionsRefused.sum();
    }

    /** CMSD {@code mb} values sent, by who chose them ({@code policy}, {@code fallback_deadline}, {@code initial}, ...). */
    public Map<String, Long> maxBitratesSent() {
        Map<String, Long> out = new java.util.TreeMap<>();
        maxBitrates.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                counter("netllm_cmcd_requests", "Content requests that carried CMCD (query or headers).",
                        requests.sum()),
                labelled("netllm_cmcd_malformed", "CMCD keys ignored because they did not read (key=syntax: the "
                        + "whole field).", "key", malformed),
                counter("netllm_cmcd_sessions_opened", "ABR sessions opened on the first sight of a CMCD sid.",
                        sessionsOpened.sum()),
                counter("netllm_cmcd_sessions_refused",
                        "CMCD sids that got no session (the client's quota or the server's cap was reached).",
                        sessionsRefused.sum()),
                labelled("netllm_cmsd_max_bitrate", "CMSD mb values sent on media responses, by who chose them.",
                        "decided_by", maxBitrates));
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot labelled(String name, String help, String label, Map<String, LongAdder> values) {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        values.forEach((key, n) -> builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of(label, key)).value(n.sum()).build()));
        return builder.build();
    }
}
