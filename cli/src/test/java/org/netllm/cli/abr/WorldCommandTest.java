package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class WorldCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();
    private static final String RECIPE = Path.of("../adaptation/recipes/abr-world.json").toString();

    @TempDir
    Path tmp;

    @Test
    void worldSessionsAreListedPlayedAndSummarisedByPart() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = netllm("abr", "world", "--data-dir", DATA.toString(), "--recipe", RECIPE, "--sessions", "4",
                "--list", "--policies", "bba,oracle-mpc:2", "--threads", "2", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("    0  ").contains("rtt").contains("ladder [").contains("mean QoE by part")
                .contains("oracle-mpc:2").contains("ms/decision");
        List<String> sessions = Files.readAllLines(out.resolve("sessions.csv"));
        assertThat(sessions).hasSize(5);
        assertThat(sessions.get(1)).startsWith("validation-00000,");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(1 + 2 * 4);
    }

    @Test
    void anUnknownSplitIsAUserError() {
        CliRun run = netllm("abr", "world", "--data-dir", DATA.toString(), "--recipe", RECIPE, "--split", "test",
                "--sessions", "2", "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'--split': 'test' is not one of train, validation").doesNotContain("Exception");
    }
}
