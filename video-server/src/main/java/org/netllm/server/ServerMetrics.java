package org.netllm.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the HTTP side: bytes and media segments delivered. This class is threadsafe. */
public final class ServerMetrics {

    private final LongAdder bytesServed = new LongAdder();
    private final LongAdder mediaSegmentsServed = new LongAdder();

    void addBytes(long bytes) {
        bytesServed.add(bytes);
    }

    void addMediaSegment() {
        mediaSegmentsServed.increment();
    }

    public long bytesServed() {
        return bytesServed.sum();
    }

    public long mediaSegmentsServed() {
        return mediaSegmentsServed.sum();
    }
}
