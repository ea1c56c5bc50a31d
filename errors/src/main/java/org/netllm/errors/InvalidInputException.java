package org.netllm.errors;

/**
 * A user-supplied input (file, option, value, model directory) is unusable; the message says what, where and how
 * to fix it. Every module's user-error type extends it, so the CLI recognises them by type.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
