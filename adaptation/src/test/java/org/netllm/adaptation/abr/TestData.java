package org.netllm.adaptation.abr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;

/** The shared data sets as the tests find them: $NETLLM_DATA, else ../shared/data next to the project root. */
public final class TestData {

    private TestData() {
    }

    public static Path root() {
        String env = System.getenv("NETLLM_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // Surefire runs in the module directory, one level below the project root.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("abr"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the shared data sets were not found; set NETLLM_DATA");
    }

    public static List<Trace> traces(String set, int count) {
        List<Trace> all = TraceFiles.readDirectory(root().resolve("abr/traces").resolve(set));
        return all.subList(0, Math.min(count, all.size()));
    }

    public static Video envivio() {
        return VideoFiles.read(root().resolve("abr/videos/envivio-dash3"), VideoFiles.ENVIVIO_BITRATES_KBPS);
    }
}
