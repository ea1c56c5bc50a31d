package org.netllm.emulation.cjs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared CJS data: {@code -Dnetllm.data.dir}, else {@code $NETLLM_DATA}, else {@code ../shared/data} from the
 * project root (tests run in the module). Missing data fails the tests rather than skipping them.
 */
final class CjsData {

    private static TpchLibrary library;

    private CjsData() {
    }

    static Path root() {
        String configured = System.getProperty("netllm.data.dir", System.getenv("NETLLM_DATA"));
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        Path cjs = root.resolve("cjs");
        if (!Files.isDirectory(cjs)) {
            throw new IllegalStateException("CJS data not found at " + cjs + "; set NETLLM_DATA");
        }
        return cjs;
    }

    static synchronized TpchLibrary library() {
        if (library == null) {
            library = new TpchLibrary(root().resolve("tpch"));
        }
        return library;
    }

    static Path jobFile(String name) {
        return root().resolve("job-sequences").resolve(name);
    }

    static Path decimaWeights() {
        return root().resolve("decima/decima.safetensors");
    }
}
