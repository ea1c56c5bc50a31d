package org.netllm.backbone;

/** A backbone could not be loaded because of user input (a model name, a directory, a checkpoint, a device). */
public final class BackboneLoadException extends RuntimeException {

    public BackboneLoadException(String message) {
        super(message);
    }

    public BackboneLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
