package org.netllm.adapt.train;

import org.netllm.errors.InvalidInputException;

/**
 * Training produced non-finite losses or gradients for several steps in a row; the message names the step and
 * what to change (usually a lower learning rate). Nothing is written when it is thrown.
 */
public final class TrainingDivergedException extends InvalidInputException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
