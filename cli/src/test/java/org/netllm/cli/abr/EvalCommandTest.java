package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class EvalCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    private Path twoTraces() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("traces"));
        List<Path> all;
        try (var files = Files.list(DATA.resolve("abr/traces/fcc-test"))) {
            all = files.sorted().limit(2).toList();
        }
        for (Path f : all) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    @Test
    void anInterruptedEvaluationResumedPlaysOnlyTheMissingSessionsAndWritesTheSameResults() throws Exception {
        Path traces = twoTraces();
        Path whole = tmp.resolve("whole");
        String[] eval = {"abr", "eval", "--data-dir", DATA.toString(), "--traces", traces.toString(), "--policies",
                "bba,robust-mpc", "--threads", "2"};
        CliRun unbroken = netllm(concat(eval, "--out", whole.toString()));
        assertThat(unbroken.exitCode()).as(unbroken.err()).isZero();
        List<String> sessions = Files.readAllLines(whole.resolve("sessions.jsonl"));
        assertThat(sessions).hasSize(4);
        // an evaluation killed after two sessions, in the middle of writing the third
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("sessions.jsonl"), sessions.get(0) + "\n" + sessions.get(1) + "\n"
                + sessions.get(2).substring(0, 20));
        CliRun resumed = netllm(concat(eval, "--out", broken.toString(), "--resume"));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(broken.resolve("results.csv")))
                .containsExactlyElementsOf(Files.readAllLines(whole.resolve("results.csv")));
        // the two kept sessions and the two played now: none played twice
        assertThat(Files.readAllLines(broken.resolve("sessions.jsonl"))).hasSize(4);
    }

    private static String[] concat(String[] head, String... more) {
        String[] all = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    @Test
    void evalWritesOneResultRowPerPolicyAndTraceInFileOrder() throws Exception {
        Path traces = twoTraces();
        Path out = tmp.resolve("out");
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", traces.toString(), "--policies",
                "bba,robust-mpc", "--out", out.toString(), "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo("policy,trace,qoe,bitrate_mbps,rebuffer_s,smoothness_mbps");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("bba,000_");
        assertThat(lines.get(2)).startsWith("bba,001_");
        assertThat(lines.get(3)).startsWith("robust-mpc,000_");
        // At least 9 significant digits in every number.
        assertThat(lines.get(1).split(",")[2].replace("-", "").replace(".", "")).hasSizeGreaterThanOrEqualTo(9);
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).hasSize(3);
        assertThat(summary.get(0)).endsWith(",ms_per_decision");
        assertThat(Double.parseDouble(summary.get(2).substring(summary.get(2).lastIndexOf(',') + 1))).isPositive();
        assertThat(Files.size(out.resolve("qoe-cdf.png"))).isGreaterThan(1000);
        assertThat(run.out()).contains("robust-mpc").contains("QoE mean").contains("ms/decision");
    }

    @Test
    void unknownPolicyIsAUserErrorWithExitCode2() throws Exception {
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", twoTraces().toString(), "--policies",
                "bba,oracle", "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown ABR policy 'oracle'").contains("robust-mpc").doesNotContain("Exception");
    }

    @Test
    void malformedTraceLineIsReportedWithFileAndLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("t1"), "0.0 1.0\n1.0 abc\n2.0 3.0\n");
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", dir.toString(), "--policies", "bba",
                "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("t1:2").contains("'abc' is not a number");
    }

    @Test
    void missingDataDirectoryNamesTheOptionToFixIt() {
        CliRun run = netllm("abr", "eval", "--data-dir", tmp.resolve("nowhere").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("data directory").contains("--data-dir");
    }

    @Test
    void unknownOptionIsAUserError() {
        CliRun run = netllm("abr", "eval", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bogus");
    }

    @Test
    void theCommittedDefaultAdapterIsOnePolicyOfTheEvaluation() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", twoTraces().toString(),
                "--policies", "netllm:default,bba", "--out", out.toString(), "--threads", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("netllm:default,000_");
        // a whole session was played: its mean bitrate lies on the Envivio ladder's range
        double bitrate = Double.parseDouble(lines.get(1).split(",")[3]);
        assertThat(bitrate).isBetween(0.3, 4.3);
    }

    @Test
    void missingAdapterFolderIsAUserError() throws Exception {
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", twoTraces().toString(),
                "--policies", "netllm:" + tmp.resolve("no-model"), "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("adapter folder").contains("netllm abr adapt");
    }
}
