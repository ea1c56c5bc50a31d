package org.netllm.cli.abr;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.netllm.emulation.stats.Percentile;

/** Distribution of session QoE and its parts for one policy: mean and the 10th, 50th and 90th percentiles. */
public record PolicySummary(String policy, int sessions, Stats qoe, Stats bitrateMbps, Stats rebufferSeconds,
                            Stats smoothnessMbps) {

    /** Mean and percentiles ({@link Percentile}'s: linear interpolation between order statistics, numpy's default). */
    public record Stats(double mean, double p10, double p50, double p90) {

        static Stats of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Stats(Arrays.stream(sorted).average().orElse(Double.NaN), Percentile.ofSorted(sorted, 0.1),
                    Percentile.ofSorted(sorted, 0.5), Percentile.ofSorted(sorted, 0.9));
        }
    }

    /** Summarises the rows of one policy. */
    public static PolicySummary of(String policy, List<SessionRow> rows) {
        return new PolicySummary(policy, rows.size(), stats(rows, SessionRow::qoe), stats(rows, SessionRow::bitrateMbps),
                stats(rows, SessionRow::rebufferSeconds), stats(rows, SessionRow::smoothnessMbps));
    }

    private static Stats stats(List<SessionRow> rows, ToDoubleFunction<SessionRow> f) {
        return Stats.of(rows.stream().mapToDouble(f).toArray());
    }
}
