package org.netllm.cli.load;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.netllm.emulation.stats.Percentile;

/**
 * What the simulated clients of one load run saw: every decision's round trip and who answered it, and the requests
 * that got no decision. Threadsafe.
 */
final class LoadStats {

    private long[] latencyNanos = new long[1024];
    private int count;
    private final Map<String, Long> bySource = new TreeMap<>();
    private long errors;
    private long serverErrors;
    private long sessions;

    synchronized void decided(String source, long nanos) {
        if (count == latencyNanos.length) {
            latencyNanos = Arrays.copyOf(latencyNanos, count * 2);
        }
        latencyNanos[count++] = nanos;
        bySource.merge(source, 1L, Long::sum);
    }

    /** A request that got no answer at all (a timeout or a broken connection): a lost decision. */
    synchronized void error() {
        errors++;
    }

    /** A request answered with {@code status} instead of a decision: lost, and counted as a 5xx if it was one. */
    synchronized void rejected(int status) {
        errors++;
        if (status >= 500) {
            serverErrors++;
        }
    }

    synchronized void sessionStarted() {
        sessions++;
    }

    /** The run's report. */
    synchronized LoadReport report(String task, String policy, int clients, Pace pace, String batching,
                                   double seconds) {
        double[] sorted = Arrays.stream(latencyNanos, 0, count).sorted().asDoubleStream().toArray();
        long byPolicy = bySource.getOrDefault("policy", 0L);
        return new LoadReport(task, policy, clients, pace.toString(), batching, sessions, count, byPolicy,
                new TreeMap<>(bySource), errors, serverErrors, seconds, count / seconds,
                Percentile.ofSorted(sorted, 0.50) / 1e6, Percentile.ofSorted(sorted, 0.99) / 1e6,
                Percentile.ofSorted(sorted, 0.999) / 1e6);
    }
}
