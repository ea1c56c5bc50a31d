package org.netllm.cli.load;

import java.util.Locale;
import java.util.Map;
import org.netllm.emulation.csv.CsvFile;

/**
 * The outcome of one load run.
 *
 * @param sessions   sessions the clients opened (a client that finishes its video or trace starts another)
 * @param decisions  decisions the clients received (policy or fallback)
 * @param byPolicy   of those, answered by the policy within the deadline
 * @param bySource   decisions by who answered them
 * @param errors     requests that got no decision (HTTP errors, timeouts): lost decisions
 * @param serverErrors of those, answered with a 5xx
 * @param p50Ms      median round trip of a request, as the client measured it
 */
public record LoadReport(String task, String policy, int clients, String pace, String batching, long sessions,
                         long decisions, long byPolicy, Map<String, Long> bySource, long errors, long serverErrors, double seconds,
                         double decisionsPerSecond, double p50Ms, double p99Ms, double p999Ms) {

    /** Share of decisions the policy answered within the deadline. */
    public double policyShare() {
        return decisions == 0 ? 0 : (double) byPolicy / decisions;
    }

    public static final String CSV_HEADER = "task,policy,clients,pace,batching,sessions,decisions,by_policy,lost,"
            + "server_errors,seconds,decisions_per_s,p50_ms,p99_ms,p999_ms";

    public String csv() {
        return CsvFile.line(task, policy, Integer.toString(clients), pace, batching, Long.toString(sessions),
                Long.toString(decisions), Long.toString(byPolicy), Long.toString(errors), Long.toString(serverErrors),
                threeDecimals(seconds), threeDecimals(decisionsPerSecond), threeDecimals(p50Ms), threeDecimals(p99Ms), threeDecimals(p999Ms));
    }

    private static String threeDecimals(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public String line() {
        return String.format(Locale.ROOT, "%-3s %-16s clients %5d  pace %-8s batching %-11s decisions %7d (%6.1f/s)"
                        + "  by the policy %6.2f%%  p50 %7.1f ms  p99 %7.1f ms  p99.9 %7.1f ms  lost %d  5xx %d  %s",
                task, policy, clients, pace, batching, decisions, decisionsPerSecond, 100 * policyShare(), p50Ms,
                p99Ms, p999Ms, errors, serverErrors, bySource);
    }
}
