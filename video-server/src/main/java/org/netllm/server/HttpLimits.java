package org.netllm.server;

import java.time.Duration;

/**
 * What one client may hold of the server: connections, time, sessions.
 *
 * @param maxConnections    open connections beyond this are answered 503 and closed at once
 * @param idleTimeout       a connection with no byte read or written for this long is closed
 * @param requestTimeout    a request must arrive whole within this long of its first byte (slow senders are closed)
 * @param sessionsPerClient live ABR sessions one client address may hold; more are answered 429
 */
public record HttpLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout, int sessionsPerClient) {

    /**
     * 4,096 connections (each holds at most one open file, so about 8,200 descriptors at the cap), 60 s idle, 10 s
     * per request, 64 sessions per client address.
     */
    public static final HttpLimits DEFAULT = new HttpLimits(4096, Duration.ofSeconds(60), Duration.ofSeconds(10), 64);

    public HttpLimits {
        if (maxConnections < 1 || sessionsPerClient < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " and sessionsPerClient "
                    + sessionsPerClient + " must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout " + idleTimeout + " and request timeout "
                    + requestTimeout + " must be positive");
        }
    }

    public HttpLimits withMaxConnections(int max) {
        return new HttpLimits(max, idleTimeout, requestTimeout, sessionsPerClient);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxConnections, timeout, requestTimeout, sessionsPerClient);
    }

    public HttpLimits withRequestTimeout(Duration timeout) {
        return new HttpLimits(maxConnections, idleTimeout, timeout, sessionsPerClient);
    }

    public HttpLimits withSessionsPerClient(int sessions) {
        return new HttpLimits(maxConnections, idleTimeout, requestTimeout, sessions);
    }
}
