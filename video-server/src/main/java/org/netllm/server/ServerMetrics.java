package org.netllm.server;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counters of the HTTP side ({@code netllm_http_*}): bytes and media segments delivered, connections refused at the
 * cap, failures answered 500, the open connections and the requests in flight. This class is threadsafe.
 */
public final class ServerMetrics implements MultiCollector {

    private final LongAdder bytesServed = new LongAdder();
    private final LongAdder mediaSegmentsServed = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private volatile IntSupplier openConnections = () -> 0;

    void requestStarted() {
        requestsInFlight.incrementAndGet();
    }

    void requestFinished() {
        requestsInFlight.decrementAndGet();
    }

    /** Requests passed on to the routes whose response has not been written out yet (what a drain waits for). */
    public int requestsInFlight() {
        return requestsInFlight.get();
    }

    void addBytes(long bytes) {
        bytesServed.add(bytes);
    }

    void addMediaSegment() {
        mediaSegmentsServed.increment();
    }

    void addConnectionRefused() {
        connectionsRefused.increment();
    }

    void addServerError() {
        serverErrors.increment();
    }

    /** Requests answered 500 because of a failure in the server (a bug), not the client. */
    public long serverErrors() {
        return serverErrors.sum();
    }

    void openConnectionsFrom(IntSupplier open) {
        this.openConnections = open;
    }

    public long bytesServed() {
        return bytesServed.sum();
    }

    public long mediaSegmentsServed() {
        return mediaSegmentsServed.sum();
    }

    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    public int openConnections() {
        return openConnections.getAsInt();
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                DecisionMetricsCollector.counter("netllm_http_bytes_served", "Content bytes sent (DASH manifest and segments).",
                        bytesServed()),
                DecisionMetricsCollector.counter("netllm_http_media_segments_served", "DASH media segments sent.",
                        mediaSegmentsServed()),
                DecisionMetricsCollector.counter("netllm_http_connections_refused",
                        "Connections refused because the server had its maximum open.", connectionsRefused()),
                DecisionMetricsCollector.counter("netllm_http_server_errors",
                        "Failures in the server answered 500 (a bug; client mistakes are 4xx).", serverErrors()),
                GaugeSnapshot.builder().name("netllm_http_open_connections").help("Open client connections.")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(openConnections()).build())
                        .build(),
                GaugeSnapshot.builder().name("netllm_http_requests_in_flight")
                        .help("Requests being answered (their response not yet written out).")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(requestsInFlight()).build())
                        .build());
    }
}
