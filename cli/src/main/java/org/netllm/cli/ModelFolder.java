package org.netllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.errors.InvalidInputException;

/** The {@code --out} folder a training command writes its model to. */
public final class ModelFolder {

    private ModelFolder() {
    }

    /**
     * Refuses an existing file before any training, so hours are not spent on a model that cannot be written.
     *
     * @param instead what to give instead, e.g. {@code a directory such as models/vp-track}
     */
    public static void refuseFile(Path out, String instead) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file; give " + instead);
        }
    }
}
