package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;
import org.netllm.adaptation.abr.ExperiencePool;
import org.netllm.adaptation.abr.ExperiencePoolFile;

class CollectAdaptCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    @Test
    void collectWritesAPoolWithEveryPolicysEpisodes() {
        Path pool = tmp.resolve("pool.nlxp");
        CliRun run = netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba,robust-mpc@eps=0.1",
                "--episodes", "4", "--seed", "3", "--threads", "2", "--out", pool.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 episodes, 188 steps").contains("robust-mpc@eps=0.1");
        ExperiencePool read = ExperiencePoolFile.read(pool);
        assertThat(read.policies()).containsExactly("bba", "robust-mpc@eps=0.1");
        assertThat(read.seed()).isEqualTo(3L);
    }

    @Test
    void unknownPolicyIsAUserError() {
        CliRun run = netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "oracle", "--episodes", "2",
                "--out", tmp.resolve("p.nlxp").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown ABR policy 'oracle'").doesNotContain("Exception");
    }

    @Test
    void adaptingFromATruncatedPoolIsAUserError() throws Exception {
        Path pool = tmp.resolve("pool.nlxp");
        assertThat(netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba", "--episodes", "2",
                "--out", pool.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(pool);
        Files.write(pool, Arrays.copyOf(bytes, bytes.length / 3));
        CliRun run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(), "--backbone", "tiny",
                "--steps", "1", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is truncated").contains("netllm abr collect").doesNotContain("\tat ");
    }

    @Test
    void validatingOnATestSetIsRefused() {
        CliRun run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlxp").toString(),
                "--valid-traces", "fcc-test", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("test set");
    }

    @Test
    void collectMixesGeneratedTracesOnAGeneratedLadderAndRefusesTestSets() {
        Path traces = tmp.resolve("gen");
        Path video = tmp.resolve("video");
        assertThat(netllm("abr", "generate", "traces", "--mbps", "0.5,4", "--states", "3", "--switch", "0.1",
                "--count", "3", "--seed", "11", "--out", traces.toString()).exitCode()).isZero();
        assertThat(netllm("abr", "generate", "video", "--data-dir", DATA.toString(), "--ladder",
                "400,1000,1600,2400,3600,5500", "--seed", "32", "--out", video.toString()).exitCode()).isZero();
        Path pool = tmp.resolve("mix.nlxp");
        CliRun run = netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba", "--traces",
                "fcc-train," + traces, "--video", video.toString(), "--episodes", "3", "--out", pool.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        ExperiencePool read = ExperiencePoolFile.read(pool);
        assertThat(read.video().bitratesKbps()).containsExactly(400, 1000, 1600, 2400, 3600, 5500);
        assertThat(read.traces()).contains("gen/synth_0000").anyMatch(t -> t.startsWith("fcc-train/"));
        CliRun test = netllm("abr", "collect", "--data-dir", DATA.toString(), "--traces", "fcc-train,norway-test",
                "--episodes", "1", "--out", tmp.resolve("t.nlxp").toString());
        assertThat(test.exitCode()).isEqualTo(2);
        assertThat(test.err()).contains("norway-test").contains("test set");
    }

    @Test
    void anUnknownStateIsAUserError() {
        CliRun run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlxp").toString(),
                "--state", "pensieve", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--state': 'pensieve' is not one of netllm, normalised");
    }

    @Test
    void aWeightAverageOfOneOrMoreIsAUserError() {
        CliRun run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlxp").toString(),
                "--weight-average", "1", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("weight-average decay must be in [0, 1), got 1.0")
                .contains("--weight-average in [0, 1)").doesNotContain("\tat ");
    }

    @Test
    void anAttentionSpanLongerThanTheWindowIsAUserError() {
        CliRun run = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlxp").toString(),
                "--window", "10", "--attention-span", "11", "--out", tmp.resolve("model").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("attention span 11 must be between 0 (the whole window) and the window, 10")
                .contains("--attention-span in 0..--window").doesNotContain("\tat ");
    }

    @Test
    void sessionContextTrainsOnWholeSessionsAndRefusesAWindowShorterThanOne() {
        Path pool = tmp.resolve("pool.nlxp");
        assertThat(netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba", "--episodes", "2",
                "--out", pool.toString()).exitCode()).isZero();
        CliRun refused = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(),
                "--backbone", "tiny", "--context", "session", "--window", "20", "--steps", "1",
                "--out", tmp.resolve("short").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--context session needs --window of at least 47").doesNotContain("\tat ");
        CliRun trained = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(),
                "--backbone", "tiny", "--context", "session", "--window", "48", "--steps", "2", "--batch", "1",
                "--valid-count", "1", "--out", tmp.resolve("whole").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("windows of 48 steps starting at each session's first step");
        assertThat(tmp.resolve("whole/training-log.txt")).content().startsWith("netllm abr adapt --data-dir")
                .contains("windows of 48 steps").contains("use it as netllm:");
        CliRun unknown = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(),
                "--context", "rolling", "--out", tmp.resolve("x").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'--context': 'rolling' is not one of sliding, session");
    }
}
