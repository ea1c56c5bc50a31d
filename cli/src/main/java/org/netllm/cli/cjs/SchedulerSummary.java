package org.netllm.cli.cjs;

import java.util.Arrays;
import java.util.List;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.stats.Percentile;

/**
 * One scheduler over its episodes: the mean of per-episode average JCT with its standard deviation and range, the
 * pooled p50/p90 of job JCTs ({@link Percentile}'s definition), and the mean number of decisions.
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
                Arrays.stream(avg).max().orElse(0), Percentile.ofSorted(jct, 0.5), Percentile.ofSorted(jct, 0.9),
                results.stream().mapToInt(EpisodeResult::decisions).average().orElse(0));
    }
}
