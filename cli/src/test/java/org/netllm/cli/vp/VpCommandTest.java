package org.netllm.cli.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class VpCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    /** Two Jin2022 test traces in the data set's layout, in a temporary folder. */
    private Path twoTraces() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("traces/video4/5Hz"));
        for (int user : new int[] {83, 15}) {
            String name = "simple_5Hz_user" + user + ".csv";
            Files.copy(DATA.resolve("vp/Jin2022/video4/5Hz").resolve(name), dir.resolve(name));
        }
        return tmp.resolve("traces");
    }

    @Test
    void evalOnAFolderWritesTheSummaryResultsAndBothPlots() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", twoTraces().toString(),
                "--predictors", "lr,velocity,static", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary.get(0)).isEqualTo("predictor,dataset,hw,pw,samples,mae_deg,mae_roll_deg,mae_pitch_deg,"
                + "mae_yaw_deg,orthodromic_deg");
        assertThat(summary).hasSize(4);
        // 300-sample traces: anchors 30, 45, …, 225 — 14 each.
        assertThat(summary.get(1)).startsWith("lr,traces,10,20,28,");
        // Nine significant digits.
        assertThat(summary.get(1).split(",")[5].replace(".", "")).hasSize(9);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).hasSize(1 + 3 * 28);
        assertThat(results.get(1)).startsWith("lr,traces,4,15,30,");
        assertThat(Files.size(out.resolve("mae-by-step.png"))).isGreaterThan(1000);
        assertThat(Files.size(out.resolve("mae-cdf.png"))).isGreaterThan(1000);
        assertThat(run.out()).contains("MAE mean").contains("orthodromic").contains("velocity");
    }

    @Test
    void unseenRunsTheFourSettingsInOneTable() throws Exception {
        Path out = tmp.resolve("unseen");
        CliRun run = netllm("vp", "unseen", "--data-dir", DATA.toString(), "--predictors", "velocity,static",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("unseen.csv"));
        assertThat(lines).hasSize(1 + 4 * 2);
        assertThat(lines.get(1)).startsWith("velocity,Jin2022,10,20,1698,17.4998532");
        assertThat(lines.get(5)).startsWith("velocity,Wu2017,10,20,1395,");
        assertThat(lines.get(8)).startsWith("static,Wu2017,20,30,1395,");
        assertThat(run.out()).contains("3: Wu2017 hw 20 pw 30");
    }

    @Test
    void trainTrackOnWu2017WithMirrorImagesTrainsOnTwiceItsTrainTraces() throws Exception {
        Path out = tmp.resolve("track");
        CliRun run = netllm("vp", "train-track", "--data-dir", DATA.toString(), "--dataset", "Jin2022",
                "--train-datasets", "Wu2017", "--augment", "mirror", "--steps", "2", "--validate-every", "2",
                "--train-stride", "200", "--hidden", "4", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // Wu2017's train part is 5 videos x 29 users; each trace also mirrored.
        assertThat(Files.readString(out.resolve("training-log.txt")))
                .contains("training: 290 traces of Wu2017 train with mirror images, validation: 1754 samples of 126"
                        + " Jin2022 valid traces");
        CliRun augment = netllm("vp", "train-track", "--data-dir", DATA.toString(), "--augment", "rotate",
                "--out", tmp.resolve("x").toString());
        assertThat(augment.exitCode()).isEqualTo(2);
        assertThat(augment.err()).contains("'--augment': 'rotate' is not one of none, mirror").doesNotContain("Exception");
        CliRun dataset = netllm("vp", "adapt", "--data-dir", DATA.toString(), "--train-datasets", "Jin2022,Foo",
                "--out", tmp.resolve("y").toString());
        assertThat(dataset.exitCode()).isEqualTo(2);
        assertThat(dataset.err()).contains("--train-datasets Foo is not one of Jin2022, Wu2017");
        CliRun average = netllm("vp", "adapt", "--data-dir", DATA.toString(), "--weight-average", "-0.1",
                "--out", tmp.resolve("z").toString());
        assertThat(average.exitCode()).isEqualTo(2);
        assertThat(average.err()).contains("weight-average decay must be in [0, 1), got -0.1")
                .doesNotContain("Exception");
    }

    @Test
    void badInputIsOneMessageAndExitCode2() throws Exception {
        Path traces = twoTraces();
        CliRun hw = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", traces.toString(), "--hw", "0");
        assertThat(hw.exitCode()).isEqualTo(2);
        assertThat(hw.err()).contains("--hw 0 must be at least 1").doesNotContain("Exception");
        CliRun pw = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", traces.toString(), "--pw", "61");
        assertThat(pw.exitCode()).isEqualTo(2);
        assertThat(pw.err()).contains("--pw 61 is too long");
        CliRun split = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", traces.toString(), "--split",
                "valid");
        assertThat(split.exitCode()).isEqualTo(2);
        assertThat(split.err()).contains("--split valid applies to Jin2022 and Wu2017 only");
        CliRun unknown = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", traces.toString(),
                "--predictors", "lr,kalman");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown viewport predictor 'kalman'");
        Path bad = Files.createDirectories(tmp.resolve("bad/video1/5Hz")).resolve("simple_5Hz_user1.csv");
        Files.writeString(bad, "0.0,1,2,3\n0.2,1,95,3\n");
        CliRun pitch = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", tmp.resolve("bad").toString());
        assertThat(pitch.exitCode()).isEqualTo(2);
        assertThat(pitch.err()).contains(bad + ":2").contains("pitch 95.0 is outside [-90, 90]");
        Files.createDirectories(tmp.resolve("data/vp/Jin2022"));
        CliRun missing = netllm("vp", "eval", "--data-dir", tmp.resolve("data").toString(), "--dataset", "Jin2022");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("video folder").contains("video4/5Hz").contains("is missing");
        CliRun abrModel = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", traces.toString(),
                "--predictors", "netllm:" + org.netllm.cli.DataDirectory.projectRoot().resolve("models/abr-return"));
        assertThat(abrModel.exitCode()).isEqualTo(2);
        assertThat(abrModel.err()).contains("is not a viewport predictor");
    }
    @Test
    void latencyRefusesNoSamplesAndNoThreadsAsOneMessage() {
        CliRun none = netllm("vp", "latency", "--data-dir", DATA.toString(), "--predictors", "lr", "--samples", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--samples must be at least 1, got 0").doesNotContain("Exception");
        CliRun threads = netllm("vp", "latency", "--data-dir", DATA.toString(), "--predictors", "lr",
                "--torch-threads", "0");
        assertThat(threads.exitCode()).isEqualTo(2);
        assertThat(threads.err()).contains("--torch-threads must be at least 1, got 0");
    }
    @Test
    void tracesTooShortForAnyAnchorNameTheLongestFile() throws Exception {
        Path shortTrace = Files.createDirectories(tmp.resolve("short/video1/5Hz")).resolve("simple_5Hz_user1.csv");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            lines.append(i * 0.2).append(",0,0,0\n");
        }
        Files.writeString(shortTrace, lines);
        CliRun run = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", tmp.resolve("short").toString(),
                "--out", tmp.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("needs more than 90 samples").contains(shortTrace + ", has 90")
                .doesNotContain("Exception");
    }
    @Test
    void aLongPredictorNameKeepsTheTableInItsColumns() throws Exception {
        String track = "track:" + org.netllm.cli.DataDirectory.projectRoot().resolve("models/vp-track");
        CliRun run = netllm("vp", "eval", "--data-dir", DATA.toString(), "--dataset", twoTraces().toString(),
                "--predictors", "lr," + track, "--out", tmp.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("predictor ")).findFirst().orElseThrow();
        int bar = header.indexOf('|');
        assertThat(lines.stream().filter(l -> l.startsWith("lr ") || l.startsWith(track + " ")))
                .hasSize(2).allMatch(l -> l.indexOf('|') == bar);
    }
}
