package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The DASH video the CLI's browser tests play: six 4-second segments, made once per build by make-video.sh. */
public final class ShortTestVideo {

    private ShortTestVideo() {
    }

    /** Its folder under cli/target, made on first use. */
    public static Path folder() throws Exception {
        Path dir = DataDirectory.projectRoot().resolve("cli/target/testbed-video-6");
        if (Files.isRegularFile(dir.resolve("manifest.mpd"))) {
            return dir;
        }
        Path script = DataDirectory.projectRoot().resolve("testbed-scripts/make-video.sh");
        Process p = new ProcessBuilder(script.toString(), dir.toString(), "6").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).as("make-video.sh").isZero();
        return dir;
    }
}
