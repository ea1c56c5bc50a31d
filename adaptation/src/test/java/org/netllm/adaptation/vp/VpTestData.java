package org.netllm.adaptation.vp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpSplit;

/** A handful of Jin2022 traces: two training users of a training video, two validation users of a valid video. */
final class VpTestData {

    private VpTestData() {
    }

    static Path jin2022() {
        String env = System.getenv("NETLLM_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env).resolve("vp/Jin2022");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data/vp/Jin2022").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("vp/Jin2022 not found; set NETLLM_DATA");
    }

    static List<HeadTrace> training() {
        return HeadTraceFiles.read(jin2022(), new VpSplit("Jin2022", VpSplit.Part.TRAIN, List.of(1), List.of(50, 54)));
    }

    static List<HeadTrace> validation() {
        return HeadTraceFiles.read(jin2022(), new VpSplit("Jin2022", VpSplit.Part.VALID, List.of(3), List.of(9, 25)));
    }
}
