package org.netllm.emulation.vp;

import java.util.Arrays;
import java.util.List;
import org.netllm.emulation.stats.Percentile;

/**
 * A predictor's scores over a set of samples. Every sample has pw × 3 elements, so the means over samples below
 * equal NetLLM's MAE pooled over samples × steps × angles.
 *
 * @param predictor the predictor's name
 * @param samples   one score per sample, in sample order
 */
public record PredictorScore(String predictor, List<SampleScore> samples) {

    public PredictorScore {
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to score " + predictor + " on");
        }
    }

    /** Pooled MAE in degrees. */
    public double mae() {
        return samples.stream().mapToDouble(SampleScore::mae).average().orElseThrow();
    }

    /** Pooled MAE of one angle (0 roll, 1 pitch, 2 yaw). */
    public double angleMae(int angle) {
        return samples.stream().mapToDouble(s -> s.angleMae()[angle]).average().orElseThrow();
    }

    /** Mean great-circle error over samples × steps. */
    public double orthodromic() {
        return samples.stream().mapToDouble(SampleScore::orthodromic).average().orElseThrow();
    }

    /** MAE at each prediction step (over samples and angles). */
    public double[] stepMae() {
        int pw = samples.get(0).stepMae().length;
        double[] out = new double[pw];
        for (SampleScore s : samples) {
            for (int k = 0; k < pw; k++) {
                out[k] += s.stepMae()[k];
            }
        }
        for (int k = 0; k < pw; k++) {
            out[k] /= samples.size();
        }
        return out;
    }

    /** The q-quantile (0..1) of per-sample MAE ({@link Percentile}'s definition). */
    public double maeQuantile(double q) {
        return Percentile.ofSorted(sortedMae(), q);
    }

    /** Per-sample MAE, sorted (for a CDF). */
    public double[] sortedMae() {
        double[] v = samples.stream().mapToDouble(SampleScore::mae).toArray();
        Arrays.sort(v);
        return v;
    }
}
