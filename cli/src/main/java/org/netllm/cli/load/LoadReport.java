package org.netllm.cli.load;

/**
 * The outcome of one load run.
 *
 * @param expectedDecisions  sessions × (chunks − 1): one decision per chunk after the first
 * @param answeredDecisions  decisions the players received (policy or fallback)
 * @param fallbacks          of those, answered by the sessions' fallback
 * @param bySource           decisions by who answered them
 * @param errors             requests that got no decision (HTTP errors, timeouts)
 * @param decisionsPerSecond answered decisions over the run's wall time
 * @param p50Ms              median round trip of a chunk report, as the player measured it
 * @param p99Ms              99th percentile of the same
 * @param meanQoe            mean session QoE as the server scored the finished sessions
 */
public record LoadReport(int sessions, String batching, String policy, long expectedDecisions,
                         long answeredDecisions, long fallbacks, String bySource, long errors, double seconds,
                         double decisionsPerSecond, double p50Ms, double p99Ms, double maxMs, double meanQoe) {

    public long lostDecisions() {
        return expectedDecisions - answeredDecisions;
    }

    public String line() {
        return String.format("sessions=%d batching=%s policy=%s decisions=%d/%d lost=%d fallbacks=%d %s errors=%d "
                        + "time=%.1fs rate=%.0f/s p50=%.2fms p99=%.2fms max=%.1fms meanQoE=%.3f", sessions, batching,
                policy, answeredDecisions, expectedDecisions, lostDecisions(), fallbacks, bySource, errors, seconds,
                decisionsPerSecond, p50Ms, p99Ms, maxMs, meanQoe);
    }
}
