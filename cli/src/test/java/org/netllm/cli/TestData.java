package org.netllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared data sets as the CLI tests find them: $NETLLM_DATA, else ../shared/data next to the project root. */
public final class TestData {

    private TestData() {
    }

    public static Path root() {
        String env = System.getenv("NETLLM_DATA");
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        if (!Files.isDirectory(dir.resolve("abr"))) {
            throw new IllegalStateException("the shared data sets were not found at " + dir + "; set NETLLM_DATA");
        }
        return dir.toAbsolutePath();
    }
}
