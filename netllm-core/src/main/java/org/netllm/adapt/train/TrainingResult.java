package org.netllm.adapt.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param losses     mean training loss of each optimizer step
 * @param bestStep   the validated step whose weights were kept (the last step when nothing was validated)
 * @param bestScore  its validation score (NaN when nothing was validated)
 * @param seconds    wall time of the run
 */
public record TrainingResult(List<Double> losses, int bestStep, double bestScore, double seconds) {

    /** Mean loss over the first {@code n} steps. */
    public double meanLossOfFirst(int n) {
        return losses.subList(0, Math.min(n, losses.size())).stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
    }

    /** Mean loss over the last {@code n} steps. */
    public double meanLossOfLast(int n) {
        return losses.subList(Math.max(0, losses.size() - n), losses.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
