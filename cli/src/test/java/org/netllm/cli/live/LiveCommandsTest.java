package org.netllm.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.Main;
import picocli.CommandLine;

class LiveCommandsTest {

    @TempDir
    Path tmp;

    private record Run(int exitCode, String err) {
    }

    /** Runs one command with the real entry point's error handling ({@code command} as {@code netllm} would). */
    private Run netllm(Object command, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int code = Main.execute(cli, args);
        return new Run(code, err.toString());
    }

    @Test
    void serveRefusesAnUnknownControllerWithExitCode2() {
        Run run = netllm(new ServeCommand(), "--controller", "fastest", "--content", tmp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown ABR policy 'fastest'").doesNotContain("Exception");
    }

    @Test
    void serveRefusesAShortAdminKeyAndANonPositiveLimit() {
        Run shortKey = netllm(new ServeCommand(), "--controller", "bba", "--content", tmp.toString(),
                "--admin-key", "short");
        assertThat(shortKey.exitCode()).isEqualTo(2);
        assertThat(shortKey.err()).contains("--admin-key needs at least 16 characters");
        Run zero = netllm(new ServeCommand(), "--controller", "bba", "--content", tmp.toString(),
                "--max-connections", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-connections");
    }

    @Test
    void serveRefusesACorsWildcardOrAnOriginWithAPath() {
        Run wildcard = netllm(new ServeCommand(), "--controller", "bba", "--content", tmp.toString(),
                "--cors-allow", "*");
        assertThat(wildcard.exitCode()).isEqualTo(2);
        assertThat(wildcard.err()).contains("--cors-allow: CORS origin * is not allowed").doesNotContain("Exception");
        Run path = netllm(new ServeCommand(), "--controller", "bba", "--content", tmp.toString(),
                "--cors-allow", "https://ok.example,https://player.example/app");
        assertThat(path.exitCode()).isEqualTo(2);
        assertThat(path.err()).contains("CORS origin https://player.example/app is not http(s)://host[:port]");
    }

    @Test
    void serveRefusesAContentDirectoryWithoutAManifest() {
        Run run = netllm(new ServeCommand(), "--content", tmp.toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("has no manifest.mpd").contains("make-video.sh");
    }

    @Test
    void serveRefusesAnUnknownViewportPredictorAndBadWindowsWithExitCode2() {
        Run unknown = netllm(new ServeCommand(), "--vp-predictor", "oracle", "--content", tmp.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown viewport predictor 'oracle'").doesNotContain("Exception");
        Run windows = netllm(new ServeCommand(), "--vp-windows", "10", "--content", tmp.toString());
        assertThat(windows.exitCode()).isEqualTo(2);
        assertThat(windows.err()).contains("--vp-windows 10 is not HW,PW");
        Run tooLong = netllm(new ServeCommand(), "--vp-windows", "10,90", "--content", tmp.toString());
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("--pw 90 is too long");
    }

    @Test
    void serveRefusesABadSchedulerOrPredictorBeforeMakingTheTestVideo() {
        // A project root without a test video or make-video.sh: reaching the video step would be a different error.
        String home = System.getProperty("netllm.home");
        System.setProperty("netllm.home", tmp.toString());
        try {
            String data = org.netllm.cli.TestData.root().toString();
            Run scheduler = netllm(new ServeCommand(), "--data-dir", data, "--port", "0", "--cjs-scheduler",
                    "shortest-job");
            assertThat(scheduler.exitCode()).isEqualTo(2);
            assertThat(scheduler.err()).contains("unknown scheduler 'shortest-job'").doesNotContain("test video");
            Run predictor = netllm(new ServeCommand(), "--data-dir", data, "--port", "0", "--vp-predictor", "oracle");
            assertThat(predictor.exitCode()).isEqualTo(2);
            assertThat(predictor.err()).contains("unknown viewport predictor 'oracle'").doesNotContain("test video");
        } finally {
            if (home == null) {
                System.clearProperty("netllm.home");
            } else {
                System.setProperty("netllm.home", home);
            }
        }
    }

    @Test
    void playRefusesAServerNamedByHostName() {
        Run run = netllm(new PlayCommand(), "--server", "http://example.org:8080");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("must be an IP literal");
    }

    @Test
    void playSaysHowToStartAServerWhenNoneAnswers() {
        Run run = netllm(new PlayCommand(), "--server", "http://127.0.0.1:1", "--duration", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("start one with ./netllm serve");
    }
}
