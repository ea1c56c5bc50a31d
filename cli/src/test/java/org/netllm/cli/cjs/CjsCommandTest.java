package org.netllm.cli.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.JobFiles;

class CjsCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    @Test
    void evalOnAReferenceJobFileWritesTheTabledFigure() throws Exception {
        Path out = tmp.resolve("eval");
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--executors", "10", "--schedulers",
                "fifo,fair", "--job-file", DATA.resolve("cjs/job-sequences/jobs-104.csv").toString(), "--deterministic",
                "--threads", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fifo").contains("1088.753").contains("864.251");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).containsExactly(CjsReport.RESULTS_HEADER,
                "fifo,jobs-104.csv,10,50,1088.75324373,3248.80520249,774",
                "fair,jobs-104.csv,10,50,864.250632336,3343.35400000,547");
        assertThat(Files.readAllLines(out.resolve("jobs.csv"))).hasSize(1 + 2 * 50).first()
                .isEqualTo(CjsReport.JOBS_HEADER);
        assertThat(out.resolve("jct-cdf.png")).isNotEmptyFile();
        assertThat(out.resolve("executors.png")).isNotEmptyFile();
    }

    @Test
    void generateWritesTheJobsOfTheSeedsEpisode() {
        Path file = tmp.resolve("jobs.csv");
        CliRun run = netllm("cjs", "generate", "jobs", "--seed", "9003", "--count", "30", "--out", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JobFiles.read(file)).isEqualTo(CjsEpisode.generated(9003, 30, CjsSimulator.Config.of(50)).jobs());
    }

    @Test
    void unknownSchedulerIsAUserError() {
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--schedulers", "fifo,shortest-job",
                "--seeds", "1..1", "--jobs", "5", "--out", tmp.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown scheduler 'shortest-job'; known: fifo, spark-fifo, fair, decima, "
                + "decima-greedy, the adapted netllm:default and netllm:DIR").doesNotContain("\tat ");
        CliRun single = netllm("cjs", "serve", "--data-dir", DATA.toString(), "--port", "0", "--scheduler", "sjf");
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.err()).contains("unknown scheduler 'sjf'").doesNotContain("--schedulers");
    }

    @Test
    void nonPositiveExecutorsIsAUserError() {
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--executors", "0", "--seeds", "1..1",
                "--out", tmp.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--executors must be at least 1");
    }

    @Test
    void badJobFileNamesFileAndLine() throws Exception {
        Path file = tmp.resolve("bad.csv");
        Files.writeString(file, "job,arrival_ms,query,size\n0,0.0,3,2g\n1,later,3,2g\n");
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--job-file", file.toString(),
                "--out", tmp.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(file.toString()).contains("line 3").contains("arrival_ms");
    }

    @Test
    void unseenRunsTheGridOnOneSeed() {
        Path out = tmp.resolve("unseen");
        CliRun run = netllm("cjs", "unseen", "--data-dir", DATA.toString(), "--schedulers", "fair", "--seeds", "8000",
                "--deterministic", "--threads", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("default: 200 jobs, 50 executors").contains("3: 450 jobs, 30 executors");
        assertThat(out.resolve("unseen.csv")).isNotEmptyFile();
    }

    @Test
    void collectWritesAPoolOfTrainingSeedsAndRefusesTestSeeds() {
        Path pool = tmp.resolve("pool.nlcp");
        CliRun run = netllm("cjs", "collect", "--data-dir", DATA.toString(), "--schedulers", "fair,fifo@eps=0.2",
                "--executors", "10", "--jobs", "10", "--episodes", "2", "--threads", "2", "--out", pool.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 episodes").contains("fifo@eps=0.2");
        assertThat(org.netllm.adaptation.cjs.CjsPoolFile.read(pool).episodes()).hasSize(2);
        CliRun test = netllm("cjs", "collect", "--data-dir", DATA.toString(), "--episodes", "2", "--seed", "9000",
                "--out", tmp.resolve("t.nlcp").toString());
        assertThat(test.exitCode()).isEqualTo(2);
        assertThat(test.err()).contains("training seeds only");
    }
    @Test
    void latencyTakesTheTorchThreadsAndRefusesNone() {
        CliRun run = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--scheduler", "fair", "--executors", "5",
                "--jobs", "3", "--seeds", "8000", "--warmup", "0", "--torch-threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("one thread (2 PyTorch threads)");
        CliRun none = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--scheduler", "fair",
                "--torch-threads", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--torch-threads must be at least 1, got 0").doesNotContain("Exception");
    }
    @Test
    void latencyTimesBatchesOfTheEpisodesDecisionsAndRefusesAnEmptyOne() {
        CliRun run = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--scheduler", "fair", "--executors", "5",
                "--jobs", "3", "--seeds", "8000", "--warmup", "0", "--batch", "1,3", "--batch-rounds", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.matches("-\\s+[13]\\s+2\\s.*\\s2/2"))).hasSize(2);
        CliRun empty = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--scheduler", "fair", "--batch", "0");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("--batch sizes must be at least 1, got 0").doesNotContain("Exception");
    }
    @Test
    void aLongSchedulerNameKeepsTheTableInItsColumns() {
        String explorer = "spark-fifo@eps=0.125";
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--executors", "5", "--jobs", "3",
                "--seeds", "9000..9000", "--schedulers", "fair," + explorer, "--threads", "1",
                "--out", tmp.resolve("long").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        java.util.List<String> lines = run.out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("scheduler ")).findFirst().orElseThrow();
        int end = header.indexOf("episodes") + "episodes".length();
        assertThat(lines.stream().filter(l -> l.startsWith("fair ") || l.startsWith(explorer + " ")))
                .hasSize(2).allMatch(l -> l.charAt(end - 1) == '1' && l.charAt(end) == ' ');
    }
}
