package org.netllm.actors.cjs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every live cluster of a server shares.
 *
 * @param tpch             the TPC-H job DAGs a simulated cluster draws its jobs from
 * @param decisionDeadline past it the cluster's Fair fallback answers
 * @param idleTimeout      an external cluster with no request for this long is expired (a simulated one runs on)
 * @param maxClusters      clusters beyond this are refused
 */
public record CjsSessionSettings(Path tpch, Duration decisionDeadline, Duration idleTimeout, int maxClusters) {

    public CjsSessionSettings {
        if (decisionDeadline.isNegative() || decisionDeadline.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero() || maxClusters < 1) {
            throw new IllegalArgumentException("CJS settings need a positive deadline and idle timeout and at least one"
                    + " cluster, got " + decisionDeadline + ", " + idleTimeout + ", " + maxClusters);
        }
    }

    /** A 100 ms deadline, 10 min idle expiry. */
    public static CjsSessionSettings defaults(Path tpch, int maxClusters) {
        return new CjsSessionSettings(tpch, Duration.ofMillis(100), Duration.ofMinutes(10), maxClusters);
    }

    /** These settings with another deadline. */
    public CjsSessionSettings withDeadline(Duration deadline) {
        return new CjsSessionSettings(tpch, deadline, idleTimeout, maxClusters);
    }
}
