package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adaptation.abr.ExperiencePoolFile;
import org.netllm.adaptation.cjs.CjsPoolFile;
import org.netllm.errors.InvalidInputException;

/** A collection stopped after a shard and resumed writes the pool an unbroken one writes, byte for byte. */
class ShardedCollectionTest {

    private static final Path DATA = TestData.root();

    @TempDir
    Path tmp;

    private static String[] args(List<String> head, String... more) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void anAbrCollectionStoppedAfterAShardAndResumedWritesTheUnbrokenPool() throws Exception {
        List<String> collect = List.of("abr", "collect", "--data-dir", DATA.toString(), "--policies",
                "bba,robust-mpc@eps=0.1", "--episodes", "5", "--shard-size", "2", "--seed", "7", "--threads", "2");
        Path whole = tmp.resolve("whole.nlxp");
        CliRun unbroken = netllm(args(collect, "--out", whole.toString()));
        assertThat(unbroken.exitCode()).as(unbroken.err()).isZero();
        assertThat(whole.resolveSibling("whole.nlxp.shards")).doesNotExist();

        Path broken = tmp.resolve("broken.nlxp");
        CliRun first = netllm(args(collect, "--out", broken.toString(), "--time-budget", "0s"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ResumableRun.STOPPED);
        assertThat(first.out()).contains("stopped after 1 of 3 shards: the time budget of 0s is spent")
                .contains("--resume");
        assertThat(broken).doesNotExist();
        Path shards = tmp.resolve("broken.nlxp.shards");
        assertThat(shards.resolve("shard-00000.pool")).isNotEmptyFile();
        // the shard folder reads as a pool only when whole
        assertThatThrownBy(() -> ExperiencePoolFile.read(shards)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unfinished: 1 of 3 shards");
        CliRun fresh = netllm(args(collect, "--out", broken.toString()));
        assertThat(fresh.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(fresh.err()).contains("has an interrupted collection").contains("--resume");
        List<String> otherSeed = new ArrayList<>(collect);
        otherSeed.set(otherSeed.indexOf("--seed") + 1, "8");
        CliRun changed = netllm(args(otherSeed, "--out", broken.toString(), "--resume"));
        assertThat(changed.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(changed.err()).contains("has seed 7, this command 8");

        CliRun resumed = netllm(args(collect, "--out", broken.toString(), "--resume"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed: 1 of 3 shards were finished before");
        assertThat(Files.readAllBytes(broken)).isEqualTo(Files.readAllBytes(whole));
        assertThat(shards).doesNotExist();
    }

    @Test
    void aCjsCollectionStoppedAfterAShardAndResumedWritesTheUnbrokenPool() throws Exception {
        List<String> collect = List.of("cjs", "collect", "--data-dir", DATA.toString(), "--schedulers", "fair,fifo",
                "--executors", "5", "--jobs", "4", "--episodes", "3", "--shard-size", "1", "--threads", "2");
        Path whole = tmp.resolve("whole.nlcp");
        CliRun unbroken = netllm(args(collect, "--out", whole.toString()));
        assertThat(unbroken.exitCode()).as(unbroken.err()).isZero();
        Path broken = tmp.resolve("broken.nlcp");
        CliRun first = netllm(args(collect, "--out", broken.toString(), "--time-budget", "0s"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ResumableRun.STOPPED);
        assertThat(first.out()).contains("stopped after 1 of 3 shards");
        assertThatThrownBy(() -> CjsPoolFile.read(tmp.resolve("broken.nlcp.shards")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unfinished: 1 of 3 shards");
        CliRun resumed = netllm(args(collect, "--out", broken.toString(), "--resume"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(broken)).isEqualTo(Files.readAllBytes(whole));
        assertThat(CjsPoolFile.read(broken).episodes()).hasSize(3);
    }
}
