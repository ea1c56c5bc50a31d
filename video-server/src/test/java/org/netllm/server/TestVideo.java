package org.netllm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real DASH video made once per build by testbed-scripts/make-video.sh, cached under target/. */
final class TestVideo {

    private TestVideo() {
    }

    static boolean ffmpegAvailable() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Path ensure(int segments) throws IOException, InterruptedException {
        return ensure(segments, false);
    }

    /**
     * The video, with a silent audio track when {@code audio}: stock dash.js 5.2.1 applies CMSD's mb only to
     * content with audio (see make-video.sh).
     */
    static Path ensure(int segments, boolean audio) throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        Path out = module.resolve("target/test-video-" + segments + (audio ? "-audio" : ""));
        if (Files.isRegularFile(out.resolve(DashContent.MANIFEST))) {
            return out;
        }
        Path script = module.getParent().resolve("testbed-scripts/make-video.sh");
        java.util.List<String> command = new java.util.ArrayList<>(
                java.util.List.of("bash", script.toString(), out.toString(), String.valueOf(segments)));
        if (audio) {
            command.add("--audio");
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("make-video.sh failed for " + out);
        }
        return out;
    }
}
