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
        Path module = Path.of("").toAbsolutePath();
        Path out = module.resolve("target/test-video-" + segments);
        if (Files.isRegularFile(out.resolve(DashContent.MANIFEST))) {
            return out;
        }
        Path script = module.getParent().resolve("testbed-scripts/make-video.sh");
        Process process = new ProcessBuilder("bash", script.toString(), out.toString(), String.valueOf(segments))
                .inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("make-video.sh failed for " + out);
        }
        return out;
    }
}
