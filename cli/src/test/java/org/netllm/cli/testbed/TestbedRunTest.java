package org.netllm.cli.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.Main;
import org.netllm.cli.ShortTestVideo;
import org.netllm.emulation.mahimahi.MahimahiInstallation;
import org.netllm.player.HeadlessPlayer;

/**
 * A short real session under emulation: the live server here, headless Chromium inside mm-delay/mm-link. Needs
 * Mahimahi (testbed-scripts/setup.sh), Chromium and ffmpeg (install-browser.sh); CI installs them as root.
 */
class TestbedRunTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aShortRealSessionCompletesAndReportsQoeBesideTheSimulator(@TempDir Path out) throws Exception {
        assumeTrue(MahimahiInstallation.detect().isPresent(), "Mahimahi is absent; run testbed-scripts/setup.sh");
        assumeTrue(HeadlessPlayer.available(), "Chromium is absent; run testbed-scripts/install-browser.sh");
        Path video = ShortTestVideo.folder();
        MahimahiInstallation.require().shareWithShell(out);  // JUnit makes it private to root; the browser writes here
        Path traces = Files.createDirectories(out.resolve("traces"));
        // 2 Mbit/s, then 0.6 Mbit/s: the controller has a reason to change level
        Files.writeString(traces.resolve("steps"), "0 2.0\n10 2.0\n20 0.6\n30 0.6\n40 2.0\n");

        int status = Main.run("testbed", "run", "--traces", traces.toString(), "--controllers", "bba",
                "--duration", "30", "--content", video.toString(), "--out", out.resolve("result").toString());

        assertThat(status).isZero();
        List<String> results = Files.readAllLines(out.resolve("result/results.csv"));
        assertThat(results.get(0)).isEqualTo("policy,trace,qoe,bitrate_mbps,rebuffer_s,smoothness_mbps");
        assertThat(results).hasSize(2);
        String[] row = results.get(1).split(",");
        assertThat(row[0]).isEqualTo("bba");
        // mean bitrate lies on the ladder's range: the player fetched real chunks
        assertThat(Double.parseDouble(row[3])).isBetween(0.3, 4.3);
        String[] compared = Files.readAllLines(out.resolve("result/sim-vs-real.csv")).get(1).split(",");
        assertThat(Integer.parseInt(compared[3])).as("chunks played").isGreaterThanOrEqualTo(3);
        assertThat(Double.parseDouble(compared[5])).as("simulated QoE").isFinite();
        // the server delivered every chunk at the level the player reported for it
        List<String> chunks = Files.readAllLines(out.resolve("result/runs/bba/steps/chunks.csv"));
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(4);
        for (String line : chunks.subList(1, chunks.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells[10].split("\\|")).as(line).contains(cells[1]);
        }
        assertThat(out.resolve("result/runs/bba/steps/downlink.log")).exists();
        assertThat(out.resolve("result/qoe-cdf.png")).exists();

        // resuming finds the session done and plays nothing
        long before = Files.getLastModifiedTime(out.resolve("result/runs/bba/steps/result.properties")).toMillis();
        assertThat(Main.run("testbed", "run", "--traces", traces.toString(), "--controllers", "bba",
                "--duration", "30", "--content", video.toString(), "--out", out.resolve("result").toString())).isZero();
        assertThat(Files.getLastModifiedTime(out.resolve("result/runs/bba/steps/result.properties")).toMillis())
                .isEqualTo(before);
    }

    @Test
    void anUnknownControllerIsAUserError(@TempDir Path out) throws Exception {
        Path traces = Files.createDirectories(out.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.0\n1 1.0\n");

        int status = Main.run("testbed", "run", "--traces", traces.toString(), "--controllers", "nope",
                "--out", out.toString());

        assertThat(status).isEqualTo(Main.USER_ERROR);
    }

    @Test
    void aDeadlineBelowOneMillisecondIsAUserError(@TempDir Path out) throws Exception {
        Path traces = Files.createDirectories(out.resolve("traces"));
        Files.writeString(traces.resolve("flat"), "0 1.0\n1 1.0\n");

        int status = Main.run("testbed", "run", "--traces", traces.toString(), "--controllers", "bba",
                "--deadline-ms", "0", "--out", out.toString());

        assertThat(status).isEqualTo(Main.USER_ERROR);
        assertThat(out.resolve("runs")).doesNotExist();
    }
}
