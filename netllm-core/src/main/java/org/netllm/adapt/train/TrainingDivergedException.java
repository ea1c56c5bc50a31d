package org.netllm.adapt.train;

/**
 * Training produced non-finite losses or gradients for several steps in a row; the message names the step and
 * what to change (usually a lower learning rate). Nothing is written when it is thrown.
 */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
