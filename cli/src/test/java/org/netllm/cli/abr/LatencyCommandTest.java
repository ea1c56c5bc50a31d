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

class LatencyCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    /** The return-conditioned model (the default before the imitation model): the one with a context to cache. */
    private static final String RETURN_MODEL = "netllm:" + org.netllm.cli.DataDirectory.projectRoot()
            .resolve("models/abr-return");

    private Path oneTrace() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("traces"));
        try (var files = Files.list(DATA.resolve("abr/traces/fcc-test"))) {
            Path first = files.sorted().findFirst().orElseThrow();
            Files.copy(first, dir.resolve(first.getFileName()));
        }
        return dir;
    }

    @Test
    void compareTimesTheCachedAndTheFullPathOverTheSameDecisions() throws Exception {
        CliRun run = netllm("abr", "latency", "--data-dir", DATA.toString(), "--traces", oneTrace().toString(),
                "--sessions", "1", "--warmup", "0", "--compare", "--policy", RETURN_MODEL);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher cached = Pattern.compile("key/value cache across each session's steps\\): (\\d+) decisions .*p50 "
                + "([0-9.]+) ms, p99 ([0-9.]+) ms").matcher(run.out());
        Matcher full = Pattern.compile("full recomputation of each decision's context\\): (\\d+) decisions .*p50 "
                + "([0-9.]+) ms").matcher(run.out());
        assertThat(cached.find()).as(run.out()).isTrue();
        assertThat(full.find()).as(run.out()).isTrue();
        // A session of the Envivio video is 48 chunks: the first is fixed, the model decides the other 47.
        assertThat(cached.group(1)).isEqualTo("47");
        assertThat(full.group(1)).isEqualTo("47");
        assertThat(Double.parseDouble(cached.group(3))).isGreaterThanOrEqualTo(Double.parseDouble(cached.group(2)));
        assertThat(run.out()).contains("full recomputation / key/value cache: p50 ");
    }

    private Path threeValidationTraces() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("valid"));
        try (var files = Files.list(DATA.resolve("abr/traces/fcc-valid"))) {
            for (Path trace : files.sorted().limit(3).toList()) {
                Files.copy(trace, dir.resolve(trace.getFileName()));
            }
        }
        return dir;
    }

    /**
     * The committed default (the imitation model: MiniLM, LoRA, six state tokens) on the first three fcc-valid
     * traces: the compiled Java forward picks the level the engine picks, at every one of the 141 decisions.
     */
    @Test
    void theCompiledPathChoosesTheEngineLevelAtEveryDecisionOfTheDefaultModelOnValidationTraces() throws Exception {
        CliRun run = netllm("abr", "latency", "--data-dir", DATA.toString(), "--traces",
                threeValidationTraces().toString(), "--sessions", "3", "--warmup", "0", "--inference",
                "engine,compiled");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("141 of 141 decisions the same level as");
    }

    /**
     * The return-conditioned model (MiniLM, LoRA, sliding window of 10 steps) on the same traces: the compiled Java
     * forward picks the level the engine's full recomputation picks, at every one of the 141 decisions.
     */
    @Test
    void theCompiledPathChoosesTheEngineLevelAtEveryDecisionOfTheReturnConditionedModel() throws Exception {
        CliRun run = netllm("abr", "latency", "--data-dir", DATA.toString(), "--traces",
                threeValidationTraces().toString(), "--sessions", "3", "--warmup", "0", "--inference",
                "full,compiled", "--policy", RETURN_MODEL);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("compiled Java forward, LoRA merged, Vector API, 2 threads): 141 decisions")
                .contains("141 of 141 decisions the same level as full's");
    }

    @Test
    void cacheOptionsOnAPolicyWithoutAModelAreAUserError() throws Exception {
        CliRun run = netllm("abr", "latency", "--data-dir", DATA.toString(), "--traces", oneTrace().toString(),
                "--policy", "bba", "--no-cache");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'bba' is not one").contains("netllm:default").doesNotContain("Exception");
    }
}
