package org.netllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.errors.InvalidInputException;

/** The testbed's default DASH content: the Envivio-ladder test video, made once by testbed-scripts/make-video.sh. */
public final class TestVideo {

    public static final int SEGMENTS = 48;

    private TestVideo() {
    }

    /** The content folder under {@code out/testbed-video}, made on first use (a few minutes of ffmpeg). */
    public static Path ensure(Path projectRoot) throws IOException, InterruptedException {
        Path dir = projectRoot.resolve("out").resolve("testbed-video");
        if (Files.isRegularFile(dir.resolve("manifest.mpd"))) {
            return dir;
        }
        Path script = projectRoot.resolve("testbed-scripts").resolve("make-video.sh");
        if (!Files.isExecutable(script)) {
            throw new InvalidInputException("no test video in " + dir + " and no " + script + " to make it; pass "
                    + "--content DIR with a DASH folder made by make-video.sh");
        }
        System.err.println("netllm: making the default test video (" + SEGMENTS + " segments) into " + dir
                + " with make-video.sh; this happens once");
        Files.createDirectories(dir.getParent());
        Process p = new ProcessBuilder(script.toString(), dir.toString(), Integer.toString(SEGMENTS))
                .inheritIO().start();
        int status = p.waitFor();
        if (status != 0 || !Files.isRegularFile(dir.resolve("manifest.mpd"))) {
            throw new InvalidInputException("make-video.sh failed (status " + status + "); install ffmpeg with "
                    + "testbed-scripts/install-browser.sh (as root) or pass --content DIR");
        }
        return dir;
    }
}
