package org.netllm.backbone;

import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import java.util.function.BiPredicate;

/**
 * How many scalar parameters a backbone or an adapted model has, and how many of them train.
 *
 * @param trainable the parameters that train (for a backbone alone: its LoRA adapters, the ones NetLLM trains)
 * @param total     every parameter, base weights included
 */
public record ParameterCounts(long trainable, long total) {

    /** Counts the elements of {@code parameters}, those {@code trainable} accepts (by name and parameter) apart. */
    public static ParameterCounts of(ParameterList parameters, BiPredicate<String, Parameter> trainable) {
        long train = 0;
        long all = 0;
        for (var p : parameters) {
            long size = p.getValue().getArray().size();
            all += size;
            if (trainable.test(p.getKey(), p.getValue())) {
                train += size;
            }
        }
        return new ParameterCounts(train, all);
    }

    /** Trainable share of the total, in percent. */
    public double trainablePercent() {
        return total == 0 ? 0 : 100.0 * trainable / total;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "trainable %,d / total %,d (%.3f%%)", trainable, total,
                trainablePercent());
    }
}
