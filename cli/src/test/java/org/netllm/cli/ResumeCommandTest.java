package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adaptation stopped by its time budget and resumed ends with the same model, bit for bit, and the same
 * validation figures as the same run unbroken (tiny backbone, one torch thread). The runs share one JVM, whose engine
 * generator each run leaves elsewhere: equal models also show that a run's initial weights depend on its seed alone.
 */
class ResumeCommandTest {

    private static final Path DATA = TestData.root();

    @TempDir
    Path tmp;


    private static List<String> validationLines(String out) {
        return out.lines().filter(l -> l.startsWith("validation") || l.startsWith("kept step"))
                .map(l -> l.replaceAll("; wrote .*", "")).toList();
    }

    private static String[] args(List<String> head, String... more) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void abrAdaptStoppedByItsBudgetAndResumedEndsAsTheUnbrokenRunDoes() throws Exception {
        Path pool = tmp.resolve("pool.nlxp");
        assertThat(netllm("abr", "collect", "--data-dir", DATA.toString(), "--policies", "bba,robust-mpc",
                "--episodes", "2", "--seed", "4", "--out", pool.toString()).exitCode()).isZero();
        List<String> adapt = List.of("abr", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(),
                "--backbone", "tiny", "--rank", "2", "--window", "4", "--steps", "6", "--batch", "2",
                "--validate-every", "2", "--valid-count", "2", "--target-return", "40,30", "--lr-decay", "cosine",
                "--torch-threads", "1");
        Path whole = tmp.resolve("whole");
        CliRun unbroken = netllm(args(adapt, "--out", whole.toString()));
        assertThat(unbroken.exitCode()).as(unbroken.err()).isZero();

        Path broken = tmp.resolve("broken");
        CliRun first = netllm(args(adapt, "--out", broken.toString(), "--time-budget", "0s"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ResumableRun.STOPPED);
        assertThat(first.out()).contains("validation after step 2").doesNotContain("validation after step 4")
                .contains("stopped after step 2: the time budget of 0s is spent")
                .contains("go on with: ./netllm abr adapt --resume " + broken);
        // the best model so far is usable at once
        assertThat(broken.resolve("adapter.safetensors")).isNotEmptyFile();
        // a fresh run into the folder of an interrupted one is refused: nothing is lost
        CliRun again = netllm(args(adapt, "--out", broken.toString()));
        assertThat(again.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(again.err()).contains("holds an interrupted run (2 steps done)").contains("--resume " + broken);
        // a changed option that matters is refused, naming it
        List<String> otherRank = new ArrayList<>(adapt);
        otherRank.set(otherRank.indexOf("--rank") + 1, "4");
        CliRun changed = netllm(args(otherRank, "--out", broken.toString(), "--resume", broken.toString()));
        assertThat(changed.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(changed.err()).contains("--rank was 2 in the interrupted run and is 4 now");

        // resumed by the short form: the stored command line, with another budget that stops at step 4
        CliRun second = netllm("abr", "adapt", "--resume", broken.toString(), "--time-budget", "0s");
        assertThat(second.exitCode()).as(second.err()).isEqualTo(ResumableRun.STOPPED);
        assertThat(second.out()).contains("resumed after step 2 of 6").contains("validation after step 4")
                .doesNotContain("validation after step 2");
        CliRun last = netllm("abr", "adapt", "--resume", broken.toString());
        assertThat(last.exitCode()).as(last.err()).isZero();

        assertThat(Files.readAllBytes(broken.resolve("adapter.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("adapter.safetensors")));
        assertThat(Files.readString(broken.resolve("adapter.json")))
                .isEqualTo(Files.readString(whole.resolve("adapter.json")));
        List<String> resumedLog = validationLines(Files.readString(broken.resolve(TrainingLog.FILE)));
        assertThat(resumedLog).containsExactlyElementsOf(validationLines(unbroken.out()));
        assertThat(Files.readString(broken.resolve(TrainingLog.FILE))).startsWith("netllm abr adapt")
                .contains("resumed after step 2 of 6").contains("resumed after step 4 of 6");
    }

    @Test
    void cjsAdaptStoppedByItsBudgetAndResumedEndsAsTheUnbrokenRunDoes() throws Exception {
        Path pool = tmp.resolve("pool.nlcp");
        assertThat(netllm("cjs", "collect", "--data-dir", DATA.toString(), "--schedulers", "fair,fifo",
                "--executors", "6", "--jobs", "5", "--episodes", "2", "--out", pool.toString()).exitCode()).isZero();
        List<String> adapt = List.of("cjs", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(),
                "--backbone", "tiny", "--rank", "2", "--window", "4", "--steps", "4", "--batch", "2",
                "--validate-every", "2", "--valid-episodes", "1", "--target-return", "-0.5,-0.8",
                "--torch-threads", "1");
        Path whole = tmp.resolve("whole");
        CliRun unbroken = netllm(args(adapt, "--out", whole.toString()));
        assertThat(unbroken.exitCode()).as(unbroken.err()).isZero();
        Path broken = tmp.resolve("broken");
        CliRun first = netllm(args(adapt, "--out", broken.toString(), "--time-budget", "0s"));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ResumableRun.STOPPED);
        assertThat(broken.resolve("cjs-adapter.json")).isNotEmptyFile();
        CliRun last = netllm(args(adapt, "--out", broken.toString(), "--resume", broken.toString()));
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(Files.readAllBytes(broken.resolve("adapter.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("adapter.safetensors")));
        assertThat(Files.readString(broken.resolve("cjs-adapter.json")))
                .isEqualTo(Files.readString(whole.resolve("cjs-adapter.json")));
        assertThat(validationLines(Files.readString(broken.resolve(TrainingLog.FILE))))
                .containsExactlyElementsOf(validationLines(unbroken.out()));
    }

    @Test
    void resumingAFolderWithoutARunIsAUserError() {
        CliRun run = netllm("abr", "adapt", "--resume", tmp.resolve("nothing").toString());
        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).contains("nothing to resume in").contains("run.json is missing")
                .doesNotContain("\tat ");
    }
}
