package org.netllm.backbone;

/**
 * How many scalar parameters a backbone has.
 *
 * @param trainable LoRA adapter parameters (the ones NetLLM trains)
 * @param total     every parameter, base weights included
 */
public record ParameterCounts(long trainable, long total) {

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
