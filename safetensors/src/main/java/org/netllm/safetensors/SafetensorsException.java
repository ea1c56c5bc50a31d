package org.netllm.safetensors;

import org.netllm.errors.InvalidInputException;

/** A safetensors file cannot be read: missing, truncated, malformed, or a tensor of an unsupported dtype. */
public final class SafetensorsException extends InvalidInputException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
