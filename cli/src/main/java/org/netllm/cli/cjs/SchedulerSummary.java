package org.netllm.cli.cjs;

import java.util.Arrays;
import java.util.List;
import org.netllm.emulation.cjs.EpisodeResult;

/**
 * One scheduler over its episodes: the mean of per-episode average JCT with its standard deviation and range, the
 * pooled p50/p90 of job JCTs, and the mean number of decisions.
 */
record SchedulerSummary(String scheduler, int episodes, double meanAvgJctS, double stdAvgJctS, double minAvgJctS,
                        double maxAvgJctS, double p50JctS, double p90JctS, double meanDecisions) {

    static SchedulerSummary of(String scheduler, List<EpisodeResult> results) {
        double[] avg = results.stream().mapToDouble(EpisodeResult::avgJctS).toArray();
        double mean = Arrays.stream(avg).sum() / avg.length;
        double var = 0;
        for (double a : avg) {
            var += (a - mean) * (a - mean);
        }
        double std = avg.length > 1 ? Math.sqrt(var / (avg.length - 1)) : 0;
        double[] jct = results.stream().flatMap(r -> r.jobs().stream()).mapToDouble(EpisodeResult.JobOutcome::jctS)
                .sorted().toArray();
        return new SchedulerSummary(scheduler, avg.length, mean, std, Arrays.stream(avg).min().orElse(0),
                Arrays.stream(avg).max().orElse(0), percentile(jct, 0.5), percentile(jct, 0.9),
                results.stream().mapToInt(EpisodeResult::decisions).average().orElse(0));
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
