package org.netllm.emulation.vp;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared viewport data sets: {@code -Dnetllm.data.dir}, else {@code $NETLLM_DATA}, else ../shared/data. */
final class VpDataSets {

    private VpDataSets() {
    }

    static Path vp() {
        String configured = System.getProperty("netllm.data.dir", System.getenv("NETLLM_DATA"));
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        Path vp = root.resolve("vp");
        if (!Files.isDirectory(vp)) {
            throw new IllegalStateException("viewport data sets not found at " + vp + "; set NETLLM_DATA");
        }
        return vp;
    }

    static Path dataset(String name) {
        return vp().resolve(name);
    }
}
