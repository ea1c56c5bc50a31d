package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrowserSetupTest {

    @Test
    void withEverythingInstalledTheLivePartRunsWithoutInstallingOrAdvice() throws Exception {
        assumeTrue(BrowserSetup.ready(), "Chromium or ffmpeg missing here");
        StringWriter out = new StringWriter();
        assertThat(BrowserSetup.ensure(Path.of("/nonexistent"), new PrintWriter(out, true))).isTrue();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theRootCheckReadsThisProcesssUid() {
        assertThat(BrowserSetup.runningAsRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
    }
}
