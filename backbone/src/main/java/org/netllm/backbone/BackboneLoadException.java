package org.netllm.backbone;

import org.netllm.errors.InvalidInputException;

/** A backbone could not be loaded because of user input (a model name, a directory, a checkpoint, a device). */
public final class BackboneLoadException extends InvalidInputException {

    public BackboneLoadException(String message) {
        super(message);
    }

    public BackboneLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
