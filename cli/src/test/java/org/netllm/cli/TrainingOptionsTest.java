package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training commands' shared options: one check, one message, each command's own defaults. */
class TrainingOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void zeroTorchThreadsIsTheSameUserErrorOnEveryTrainingCommand() {
        String out = tmp.resolve("model").toString();
        for (String[] command : new String[][] {{"abr", "adapt", "--pool", "p.nlxp"}, {"abr", "train-pensieve"},
                {"vp", "adapt"}, {"cjs", "adapt", "--pool", "p.nlxp"}}) {
            CliRun run = CliRun.netllm(with(command, "--torch-threads", "0", "--out", out));
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", command))
                    .isEqualTo("netllm: --torch-threads must be at least 1, got 0" + System.lineSeparator());
        }
    }

    @Test
    void anUnknownModeIsTheSameUserErrorOnEveryAdaptCommand() {
        String out = tmp.resolve("model").toString();
        for (String[] command : new String[][] {{"abr", "adapt", "--pool", "p.nlxp"}, {"vp", "adapt"},
                {"cjs", "adapt", "--pool", "p.nlxp"}}) {
            CliRun run = CliRun.netllm(with(command, "--mode", "lorra", "--out", out));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith("netllm: Invalid value for option '--mode': 'lorra' is not one of lora, "
                    + "frozen, full, random-init");
        }
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeTrainingWithTheCommandsExample() throws Exception {
        String file = Files.writeString(tmp.resolve("model.txt"), "not a folder").toString();
        CliRun pensieve = CliRun.netllm("abr", "train-pensieve", "--out", file);
        CliRun track = CliRun.netllm("vp", "train-track", "--out", file);
        assertThat(pensieve.exitCode()).isEqualTo(2);
        assertThat(pensieve.err()).contains("--out " + file + " is a file; give a directory such as models/pensieve");
        assertThat(track.exitCode()).isEqualTo(2);
        assertThat(track.err()).contains("--out " + file + " is a file; give a directory such as models/vp-track");
    }

    @Test
    void eachAdaptCommandParsesAndShowsItsOwnStepsAndValidationDefaults() {
        String out = tmp.resolve("model").toString();
        // --batch 0 fails in the settings, whose message lists the parsed values: the defaults as they reach training.
        assertThat(CliRun.netllm("abr", "adapt", "--pool", "p.nlxp", "--batch", "0", "--out", out).err())
                .contains("steps 500, batch 0, lr 3.0E-4, validate every 100");
        assertThat(CliRun.netllm("vp", "adapt", "--batch", "0", "--out", out).err())
                .contains("steps 2000, batch 0, lr 3.0E-4, validate every 250");
        assertThat(CliRun.netllm("cjs", "adapt", "--pool", "p.nlxp", "--batch", "0", "--out", out).err())
                .contains("steps 200, batch 0, validate-every 50, lr 3.0E-4");
        assertThat(CliRun.netllm("abr", "adapt", "--help").out()).contains("Optimizer steps (default: 500).")
                .contains("step (default: 100).");
        assertThat(CliRun.netllm("vp", "adapt", "--help").out()).contains("Optimizer steps (default: 2000).")
                .contains("step (default: 250).");
        assertThat(CliRun.netllm("cjs", "adapt", "--help").out()).contains("Optimizer steps (default: 200).")
                .contains("step (default: 50).");
    }

    private static String[] with(String[] command, String... more) {
        String[] args = new String[command.length + more.length];
        System.arraycopy(command, 0, args, 0, command.length);
        System.arraycopy(more, 0, args, command.length, more.length);
        return args;
    }
}
