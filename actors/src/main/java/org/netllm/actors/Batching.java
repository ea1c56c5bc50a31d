package org.netllm.actors;

import java.time.Duration;

/**
 * How a {@link PolicyActor} groups requests: it waits at most {@code window} after the first queued request for
 * more to arrive, sends at most {@code maxBatch} per call, keeps at most {@code maxInFlight} calls running and at
 * most {@code maxQueued} requests waiting; beyond that it answers "overloaded" at once.
 */
public record Batching(Duration window, int maxBatch, int maxInFlight, int maxQueued) {

    /** One request per call, dispatched at once: for classic controllers, which gain nothing from batching. */
    public static final Batching OFF = new Batching(Duration.ZERO, 1, 64, 10_000);

    public Batching {
        if (window.isNegative()) {
            throw new IllegalArgumentException("batching window " + window + " is negative");
        }
        if (maxBatch < 1 || maxInFlight < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("batching limits must be at least 1: maxBatch=" + maxBatch
                    + ", maxInFlight=" + maxInFlight + ", maxQueued=" + maxQueued);
        }
    }

    /** Batches of up to {@code maxBatch} collected for up to {@code window}. */
    public static Batching of(Duration window, int maxBatch) {
        return new Batching(window, maxBatch, 4, 10_000);
    }

    public boolean enabled() {
        return maxBatch > 1 && !window.isZero();
    }
}
