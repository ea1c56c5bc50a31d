package org.netllm.cli.load;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether memory stayed flat over a run: the first and last quarter of the samples after a warm-up, compared by
 * their means, and the least-squares slope over the same span. A leak shows as a slope that does not fade with a
 * longer run. The warm-up is a fifth of the run or one client session, whichever is longer: until the first
 * sessions end and new ones take their place, the server has not yet held its steady mix of young and old sessions.
 *
 * @param rssStartMib  mean resident set over the first quarter after warm-up
 * @param rssEndMib    mean resident set over the last quarter
 * @param rssSlope     resident set growth in MiB per minute after warm-up
 */
record MemoryTrend(int samples, double rssStartMib, double rssEndMib, double rssSlope, double heapStartMib,
                   double heapEndMib, double heapSlope, double rssPeakMib) {

    /** The trend of {@code samples} after {@code warmUpSeconds} or a fifth of them (too few give NaN figures). */
    static MemoryTrend of(List<MemorySampler.Sample> samples, double warmUpSeconds) {
        double end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds();
        double from = Math.max(warmUpSeconds, end / 5);
        List<MemorySampler.Sample> steady = samples.stream().filter(s -> s.seconds() >= from).toList();
        return new MemoryTrend(steady.size(), quarterMean(steady, MemorySampler.Sample::rssMib, false),
                quarterMean(steady, MemorySampler.Sample::rssMib, true), slopePerMinute(steady,
                MemorySampler.Sample::rssMib), quarterMean(steady, MemorySampler.Sample::heapAfterGcMib, false),
                quarterMean(steady, MemorySampler.Sample::heapAfterGcMib, true), slopePerMinute(steady,
                MemorySampler.Sample::heapAfterGcMib),
                samples.stream().mapToDouble(MemorySampler.Sample::rssMib).max().orElse(Double.NaN));
    }

    String line() {
        return String.format(Locale.ROOT, "memory after the warm-up (%d samples): RSS %.0f -> %.0f MiB (%+.1f%%, slope "
                        + "%+.2f MiB/min, peak %.0f MiB); heap after GC %.1f -> %.1f MiB (%+.1f%%, slope %+.2f MiB/min)",
                samples, rssStartMib, rssEndMib, percent(rssStartMib, rssEndMib), rssSlope, rssPeakMib,
                heapStartMib, heapEndMib, percent(heapStartMib, heapEndMib), heapSlope);
    }

    private static double percent(double from, double to) {
        return 100 * (to - from) / from;
    }

    private static double quarterMean(List<MemorySampler.Sample> s, ToDoubleFunction<MemorySampler.Sample> f,
                                      boolean last) {
        int n = Math.max(1, s.size() / 4);
        List<MemorySampler.Sample> part = last ? s.subList(Math.max(0, s.size() - n), s.size()) : s.subList(0,
                Math.min(n, s.size()));
        return part.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double slopePerMinute(List<MemorySampler.Sample> s, ToDoubleFunction<MemorySampler.Sample> f) {
        if (s.size() < 2) {
            return Double.NaN;
        }
        double mt = s.stream().mapToDouble(MemorySampler.Sample::seconds).average().orElseThrow();
        double my = s.stream().mapToDouble(f).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (MemorySampler.Sample x : s) {
            num += (x.seconds() - mt) * (f.applyAsDouble(x) - my);
            den += (x.seconds() - mt) * (x.seconds() - mt);
        }
        return den == 0 ? Double.NaN : 60 * num / den;
    }
}
