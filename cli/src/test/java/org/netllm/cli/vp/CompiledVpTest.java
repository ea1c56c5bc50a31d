package org.netllm.cli.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.netllm.cli.CliRun;

/**
 * The committed VP model (MiniLM with LoRA, ten scalar tokens, a bounded-regression head of 20 × 3 offsets) predicts
 * through the compiled Java forward what the engine predicts: every angle of 40 answers of 20 steps within 1e-3
 * degrees.
 */
class CompiledVpTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @Test
    void theCompiledVpModelPredictsTheEnginesAngles() {
        CliRun run = netllm("vp", "latency", "--data-dir", DATA.toString(), "--predictors", "netllm:default",
                "--samples", "40", "--inference", "engine,compiled");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("netllm:default (compiled Java forward, LoRA merged, Vector API, 2 threads): "
                + "one answer of 20 steps, 40 histories");
        Matcher largest = Pattern.compile("largest difference of a predicted angle ([0-9.eE+-]+) degrees")
                .matcher(run.out());
        assertThat(largest.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(largest.group(1))).isLessThan(1e-3);
    }

    @Test
    void aCompiledPathForARuleIsAUserError() {
        CliRun run = netllm("vp", "latency", "--data-dir", DATA.toString(), "--predictors", "lr", "--samples", "1",
                "--inference", "compiled");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'lr' is not one").doesNotContain("Exception");
    }
}
