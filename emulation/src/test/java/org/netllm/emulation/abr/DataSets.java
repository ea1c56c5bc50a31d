package org.netllm.emulation.abr;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.controller.abr.Video;

/** The shared ABR data sets, found at {@code ../shared/data} from the project root (tests run in the module). */
final class DataSets {

    private DataSets() {
    }

    static Path abr() {
        String configured = System.getProperty("netllm.data.dir");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        Path abr = root.resolve("abr");
        assumeTrue(Files.isDirectory(abr), "ABR data sets not found at " + abr);
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
