package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class GateCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    private Path oneValidationTrace() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("traces"));
        try (var files = Files.list(DATA.resolve("abr/traces/fcc-valid"))) {
            Path first = files.sorted().findFirst().orElseThrow();
            Files.copy(first, dir.resolve(first.getFileName()));
        }
        return dir;
    }

    /**
     * A gate that always allows the rule leaves the model only the first decision (no forecast error yet), 1 of 47;
     * the ungated model answers all; the audit asks the model at the rule's 46 as well.
     */
    @Test
    void theGatesRuleShareAndTheUngatedModelAreReportedOnTheSameSessions() throws Exception {
        CliRun run = netllm("abr", "gate", "--data-dir", DATA.toString(), "--traces", oneValidationTrace().toString(),
                "--gates", "comfort:0,1e9;consensus:bba", "--audit", "--threads", "1", "--out",
                tmp.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("never \\(the model ungated\\)\\s+0\\.0%\\s+-")
                .containsPattern("robust-mpc@comfort:0\\.0,1\\.0E9\\s+97\\.9%\\s+[0-9.]+%")
                .containsPattern("robust-mpc@consensus:bba\\s+[0-9.]+%\\s+[0-9.]+%")
                .contains("vs ungated");
        assertThat(tmp.resolve("out/results.csv")).exists();
        assertThat(Files.readAllLines(tmp.resolve("out/results.csv"))).hasSize(1 + 3);
    }

    @Test
    void aMalformedGateIsAUserError() throws Exception {
        CliRun run = netllm("abr", "gate", "--data-dir", DATA.toString(), "--traces", oneValidationTrace().toString(),
                "--gates", "comfort:15");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("comfort:BUFFER_S,ERROR").doesNotContain("Exception");
    }
}
