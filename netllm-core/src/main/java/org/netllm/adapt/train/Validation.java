package org.netllm.adapt.train;

/** Periodic model selection: scores the model as it is now; higher is better (return a negated loss). */
@FunctionalInterface
public interface Validation {

    /** Called after optimizer step {@code step} (1-based) with the weights of that step in place. */
    double score(int step);
}
