package org.netllm.adapt;

import org.netllm.errors.InvalidInputException;

/**
 * An adapter checkpoint cannot be used: missing or truncated files, a different backbone, or shapes that do not
 * match. The message names what differs and is meant to be shown to the user as is (the CLI prints it and
 * exits 2).
 */
public final class AdapterLoadException extends InvalidInputException {

    public AdapterLoadException(String message) {
        super(message);
    }

    public AdapterLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
