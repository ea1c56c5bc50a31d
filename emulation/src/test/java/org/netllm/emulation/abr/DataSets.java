package org.netllm.emulation.abr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.controller.abr.Video;

/**
 * The shared ABR data sets: {@code -Dnetllm.data.dir}, else {@code $NETLLM_DATA}, else {@code ../shared/data} from the
 * project root (tests run in the module). Missing data fails the tests rather than skipping them.
 */
final class DataSets {

    private DataSets() {
    }

    static Path abr() {
        String configured = System.getProperty("netllm.data.dir", System.getenv("NETLLM_DATA"));
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        Path abr = root.resolve("abr");
        if (!Files.isDirectory(abr)) {
            throw new IllegalStateException("ABR data sets not found at " + abr + "; set NETLLM_DATA");
        }
        return abr;
    }

    static List<Trace> traces(String set, int first) {
        List<Trace> all = TraceFiles.readDirectory(abr().resolve("traces").resolve(set));
        return all.subList(0, Math.min(first, all.size()));
    }

    static Video envivio() {
        return VideoFiles.read(abr().resolve("videos/envivio-dash3"), VideoFiles.ENVIVIO_BITRATES_KBPS);
    }
}
