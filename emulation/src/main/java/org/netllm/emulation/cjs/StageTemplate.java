package org.netllm.emulation.cjs;

/**
 * One stage of a TPC-H query DAG after NetLLM's preprocessing: its task count and its measured task durations per
 * executor-count key. The duration arrays are indexed by the key itself (5, 10, …); {@code null} marks a key the
 * data lacks. Immutable (the arrays are never written after loading).
 *
 * @param tasks             {@code len(first_wave["2"]) + len(rest_wave["2"])}, taken before preprocessing (Q3)
 * @param initialDurationMs mean of every listed duration after preprocessing, filled lists counted again (Q5)
 * @param fresh             {@code fresh_durations} per key
 * @param firstWave         {@code first_wave} per key, fresh values removed, empty lists filled from the previous key
 * @param restWave          {@code rest_wave} per key
 * @param largestKey        the largest key of {@code first_wave} (used when the drawn key is missing)
 */
public record StageTemplate(int tasks, double initialDurationMs, double[][] fresh, double[][] firstWave,
                            double[][] restWave, int largestKey) {

    /** The list for {@code key}, or null when the key is missing or its list empty. */
    static double[] list(double[][] byKey, int key) {
        if (key >= byKey.length) {
            return null;
        }
        double[] values = byKey[key];
        return values == null || values.length == 0 ? null : values;
    }

    /** {@code key} if {@code first_wave} has it, else the largest key (more executors than the data has). */
    int keyOrLargest(int key) {
        return key < firstWave.length && firstWave[key] != null ? key : largestKey;
    }
}
