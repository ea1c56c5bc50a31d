package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class ExpertObjectiveTest {

    private static final Path DATA = org.netllm.cli.TestData.root();
    private static final String RECIPE = Path.of("../adaptation/recipes/abr-world.json").toString();

    @TempDir
    Path tmp;

    @Test
    void anExpertTrainedModelIsSavedAndPlaysTheWorldAsItValidated() throws Exception {
        Path model = tmp.resolve("model");
        CliRun adapt = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world", RECIPE,
                "--backbone", "tiny", "--state", "ladder-relative", "--expert", "oracle-mpc:2", "--sessions", "3",
                "--valid-sessions", "3", "--steps", "4", "--validate-every", "2", "--batch", "4", "--out",
                model.toString());
        assertThat(adapt.exitCode()).as(adapt.err()).isZero();
        assertThat(Files.readString(model.resolve("adapter.json"))).contains("\"abr-imitation\"")
                .contains("LADDER_RELATIVE");
        String log = Files.readString(model.resolve("training-log.txt"));
        assertThat(log).contains("labelled 141 states");
        Matcher kept = Pattern.compile("kept step \\d+ \\(validation QoE (-?[0-9.]+)\\)").matcher(log);
        assertThat(kept.find()).as(log).isTrue();

        CliRun world = netllm("abr", "world", "--data-dir", DATA.toString(), "--recipe", RECIPE, "--sessions", "3",
                "--policies", "netllm:" + model, "--threads", "1", "--out", tmp.resolve("eval").toString());
        assertThat(world.exitCode()).as(world.err()).isZero();
        String row = world.out().lines().filter(l -> l.startsWith("netllm:model")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(row.trim().split("\\s+")[2])).isEqualTo(Double.parseDouble(kept.group(1)),
                org.assertj.core.api.Assertions.within(5e-5));

        // A DAgger round: the model plays three further sessions, labelled and aggregated, training goes on.
        Path round1 = tmp.resolve("round1");
        CliRun dagger = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world",
                RECIPE, "--backbone", "tiny", "--state", "ladder-relative", "--expert", "oracle-mpc:2", "--sessions",
                "3", "--valid-sessions", "3", "--steps", "2", "--batch", "4", "--from", model.toString(),
                "--expert-rate", "0.3", "--out", round1.toString());
        assertThat(dagger.exitCode()).as(dagger.err()).isZero();
        assertThat(Files.readString(round1.resolve("training-log.txt"))).contains("DAgger: ")
                .contains("141 states labelled").contains("282 states in all");
    }

    @Test
    void aPolicyCanBeClonedWithTheAdvantageLossAndBadTeachersOrLossesAreRefused() throws Exception {
        Path model = tmp.resolve("clone");
        CliRun adapt = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world", RECIPE,
                "--backbone", "tiny", "--state", "ladder-relative", "--expert", "policy:robust-mpc", "--actors",
                "expert", "--imitation-loss", "advantage", "--sessions", "2", "--valid-sessions", "2", "--steps", "2",
                "--batch", "4", "--out", model.toString());
        assertThat(adapt.exitCode()).as(adapt.err()).isZero();
        assertThat(Files.readString(model.resolve("training-log.txt"))).contains("policy:robust-mpc labels 2")
                .contains("loss advantage").contains("labelled 94 states");

        CliRun badLoss = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world",
                RECIPE, "--backbone", "tiny", "--imitation-loss", "mse", "--out", tmp.resolve("m").toString());
        assertThat(badLoss.exitCode()).isEqualTo(2);
        assertThat(badLoss.err()).contains("'mse' is not one of cross-entropy, advantage");
        CliRun badAverage = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world",
                RECIPE, "--backbone", "tiny", "--weight-average", "1.5", "--out", tmp.resolve("m").toString());
        assertThat(badAverage.exitCode()).isEqualTo(2);
        assertThat(badAverage.err()).contains("--weight-average in [0, 1)").doesNotContain("Exception");
        CliRun badTeacher = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world",
                RECIPE, "--backbone", "tiny", "--expert", "policy:nope", "--out", tmp.resolve("m").toString());
        assertThat(badTeacher.exitCode()).isEqualTo(2);
        assertThat(badTeacher.err()).doesNotContain("Exception").contains("nope");
    }

    @Test
    void theReturnObjectiveStillNeedsAPoolAndAnUnknownObjectiveIsRefused() {
        CliRun noPool = netllm("abr", "adapt", "--data-dir", DATA.toString(), "--out", tmp.resolve("m").toString());
        assertThat(noPool.exitCode()).isEqualTo(2);
        assertThat(noPool.err()).contains("--objective return needs --pool");
        CliRun unknown = netllm("abr", "adapt", "--objective", "dagger", "--data-dir", DATA.toString(), "--out",
                tmp.resolve("m").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'--objective': 'dagger' is not one of return, expert");
    }
}
