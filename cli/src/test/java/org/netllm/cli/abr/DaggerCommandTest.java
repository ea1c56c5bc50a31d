package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class DaggerCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();
    private static final String WORLD = Path.of("../adaptation/recipes/abr-world.json").toAbsolutePath().toString();

    @TempDir
    Path tmp;

    private Path recipe(String rounds) throws Exception {
        Path file = tmp.resolve("recipe.json");
        Files.writeString(file, """
                {"description": "two tiny rounds",
                 "adapt": {"--world": "%s", "--backbone": "tiny", "--state": "ladder-relative",
                           "--expert": "oracle-mpc:2", "--sessions": "2", "--valid-sessions": "2", "--batch": "4",
                           "--imitation-loss": "advantage"},
                 "rounds": %s}
                """.formatted(WORLD, rounds));
        return file;
    }

    @Test
    void roundsRunInTurnFromTheLastRoundsWeightsAndARerunSkipsFinishedRounds() throws Exception {
        Path recipe = recipe("[{\"--steps\": \"2\"}, {\"--steps\": \"2\", \"--expert-rate\": \"0.5\"}]");
        Path out = tmp.resolve("dagger");
        CliRun run = netllm("abr", "dagger", "--data-dir", DATA.toString(), "--recipe", recipe.toString(), "--threads",
                "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("round 0: kept step").contains("round 1: kept step")
                .contains("best on validation: round");
        assertThat(Files.readString(out.resolve("round-1/training-log.txt"))).contains("DAgger: " + out.resolve(
                "round-0"));
        assertThat(out.resolve("model/adapter.json")).exists();
        assertThat(out.resolve("model/selection.json")).exists();

        // Round 1 unfinished (its selection lost): a rerun skips round 0 and redoes round 1 only.
        Files.delete(out.resolve("round-1/selection.json"));
        CliRun again = netllm("abr", "dagger", "--data-dir", DATA.toString(), "--recipe", recipe.toString(),
                "--threads", "1", "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("round 0: finished before").contains("round 1: netllm abr adapt");
        assertThat(again.out()).doesNotContain("round 0: netllm");
    }

    @Test
    void aRecipeThatSetsWhatTheRunnerSetsIsRefusedWithTheOptionNamed() throws Exception {
        Path recipe = recipe("[{\"--steps\": \"2\", \"--out\": \"elsewhere\"}]");
        CliRun run = netllm("abr", "dagger", "--data-dir", DATA.toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("d").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("sets --out, which 'abr dagger' sets itself").doesNotContain("Exception");
        CliRun missing = netllm("abr", "dagger", "--data-dir", DATA.toString(), "--recipe",
                tmp.resolve("none.json").toString(), "--out", tmp.resolve("d").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the DAgger recipe");
    }
}
