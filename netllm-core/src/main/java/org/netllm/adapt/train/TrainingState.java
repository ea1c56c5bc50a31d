package org.netllm.adapt.train;

import java.util.List;
import java.util.Map;
import org.netllm.safetensors.FloatTensor;

/**
 * Everything a training run needs to go on exactly where it stopped: the optimizer steps done, the trainable
 * weights, AdamW's moments, the weight average, the best validated weights so far, the window sampler's random
 * generator, the losses and the validation history.
 *
 * @param step          optimizer steps done (the next step is {@code step + 1}, 1-based)
 * @param parameters    the trainable parameters' names, in the trainer's order (to check the model is the same)
 * @param weights       current weights, by parameter index
 * @param adam          AdamW's state
 * @param average       the weight average and its update count, or null when the run keeps none
 * @param best          the best validated weights so far, or null before the first validation
 * @param bestStep      the step of {@code best} (the configured last step before any validation)
 * @param bestScore     its validation score (NaN before any validation)
 * @param skipped       non-finite steps skipped in a row up to now
 * @param sampler       the batch sampler's {@link java.util.Random}, serialised
 * @param losses        the loss of every step done
 * @param validations   {step, score} of every validation done
 */
public record TrainingState(int step, List<String> parameters, List<FloatTensor> weights, AdamW.State adam,
                            AverageState average, List<FloatTensor> best, int bestStep, double bestScore, int skipped,
                            byte[] sampler, List<Double> losses, List<double[]> validations) {

    /** The moving average of the weights ({@link WeightAverage}) as saved. */
    public record AverageState(List<FloatTensor> values, int updates) {
    }

    /** The tensors of this state by the names {@link ResumeFolder} stores them under. */
    Map<String, FloatTensor> tensors() {
        var all = new java.util.LinkedHashMap<String, FloatTensor>();
        put(all, "weights", weights);
        for (int i = 0; i < adam.first().size(); i++) {
            if (adam.first().get(i) != null) {
                all.put("adam.m." + i, adam.first().get(i));
                all.put("adam.v." + i, adam.second().get(i));
            }
        }
        if (average != null) {
            put(all, "average", average.values());
        }
        if (best != null) {
            put(all, "best", best);
        }
        return all;
    }

    private static void put(Map<String, FloatTensor> all, String prefix, List<FloatTensor> values) {
        for (int i = 0; i < values.size(); i++) {
            all.put(prefix + "." + i, values.get(i));
        }
    }
}
