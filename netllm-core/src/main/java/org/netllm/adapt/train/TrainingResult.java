package org.netllm.adapt.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param losses        mean training loss of each optimizer step (those of a resumed run's earlier part included)
 * @param bestStep      the validated step whose weights were kept (the last step when nothing was validated)
 * @param bestScore     its validation score (NaN when nothing was validated)
 * @param seconds       wall time of this sitting
 * @param validations   {step, score} of every validation, earlier sittings' included
 * @param stoppedBecause why the run stopped before its last step (its state is saved), or null when it finished
 */
public record TrainingResult(List<Double> losses, int bestStep, double bestScore, double seconds,
                             List<double[]> validations, String stoppedBecause) {

    public TrainingResult(List<Double> losses, int bestStep, double bestScore, double seconds) {
        this(losses, bestStep, bestScore, seconds, List.of(), null);
    }

    /** Whether the run stopped early; the model then holds the last step's weights, not the best. */
    public boolean stopped() {
        return stoppedBecause != null;
    }

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
