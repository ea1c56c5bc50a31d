package org.netllm.controller;

/** A user-supplied input (file, option, value) is unusable; the message says what, where and how to fix it. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
