package org.netllm.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;
import org.netllm.cli.TestData;

class LoadCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aShortPacedRunDecidesEveryChunkWithoutLossAndWritesItsMemorySamples() throws Exception {
        // A deadline far beyond any decision's time: this pins that every chunk is decided by the rule, and must not
        // depend on how loaded the machine is (at the default 100 ms a busy CI machine let BBA miss one or two).
        CliRun run = CliRun.netllm("load", "--data-dir", TestData.root().toString(), "--task", "abr",
                "--controller", "bba", "--sessions", "4", "--pace", "x40", "--duration", "4", "--stagger", "0.2",
                "--deadline-ms", "5000", "--memory-every", "0.5", "--out", tmp.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("lost 0  5xx 0").contains("memory after the warm-up").contains("RSS");
        List<String> rows = Files.readAllLines(tmp.resolve("runs.csv"));
        assertThat(rows).hasSize(2);
        String[] cells = rows.get(1).split(",");
        assertThat(cells[0]).isEqualTo("abr");
        assertThat(Long.parseLong(cells[6])).as("decisions").isGreaterThan(20);
        assertThat(cells[7]).as("a classic rule answers every decision itself").isEqualTo(cells[6]);
        assertThat(cells[8]).as("lost").isEqualTo("0");
        List<String> memory = Files.readAllLines(tmp.resolve("memory-4.csv"));
        assertThat(memory.get(0)).startsWith("seconds,rss_mib,heap_committed_mib,heap_used_mib,heap_after_gc_mib");
        assertThat(memory.size()).as("samples every 0.5 s over about 4 s").isGreaterThan(5);
        double rss = Double.parseDouble(memory.get(memory.size() - 1).split(",")[1]);
        assertThat(rss).as("RSS in MiB of a JVM that serves video").isBetween(50.0, 20_000.0);
    }

    @Test
    void aNonPositiveSamplingPeriodIsRefusedWithExitCode2() {
        CliRun run = CliRun.netllm("load", "--data-dir", TestData.root().toString(), "--memory-every", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--memory-every").doesNotContain("Exception");
    }

    @Test
    void aMalformedGateIsAUserError() {
        CliRun run = CliRun.netllm("load", "--data-dir", TestData.root().toString(), "--gate", "consensus:bba");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("RULE@GATE").doesNotContain("Exception");
    }
}
