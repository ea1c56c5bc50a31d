package org.netllm.cli.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class AdaptCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    @Test
    void adaptOnATinyPoolWritesAModelThatEvalRuns() throws Exception {
        Path pool = tmp.resolve("pool.nlcp");
        CliRun collect = netllm("cjs", "collect", "--data-dir", DATA.toString(), "--schedulers", "fair,fifo",
                "--executors", "6", "--jobs", "6", "--episodes", "2", "--threads", "2", "--out", pool.toString());
        assertThat(collect.exitCode()).as(collect.err()).isZero();
        Path model = tmp.resolve("model");
        CliRun adapt = netllm("cjs", "adapt", "--data-dir", DATA.toString(), "--pool", pool.toString(), "--backbone",
                "tiny", "--rank", "4", "--window", "4", "--steps", "4", "--batch", "2", "--validate-every", "2",
                "--valid-episodes", "2", "--valid-threads", "2", "--target-return", "-0.5,-0.8",
                "--valid-decodings", "greedy,0.5", "--out", model.toString());
        assertThat(adapt.exitCode()).as(adapt.err()).isZero();
        assertThat(adapt.out()).contains("validation after step 2").contains("validation after step 4")
                .contains("validation with target return -0.800").contains("use it as netllm:");
        // The decoding with the lower validation figure is the one the model folder records.
        double greedy = figure(adapt.out(), "validation with decoding greedy: mean average JCT ");
        double sampled = figure(adapt.out(), "validation with decoding 0.5: mean average JCT ");
        String config = Files.readString(model.resolve("cjs-adapter.json"));
        if (sampled < greedy) {
            assertThat(config).contains("\"decoding\" : \"sampled\"").contains("\"temperature\" : 0.5");
            assertThat(adapt.out()).contains("decoding 0.5 (validation mean average JCT");
        } else {
            assertThat(config).contains("\"decoding\" : \"greedy\"").doesNotContain("temperature");
            assertThat(adapt.out()).contains("decoding greedy (validation mean average JCT");
        }
        assertThat(model.resolve("cjs-adapter.json")).isNotEmptyFile();
        // The log says how the model was made: the command line first, then what the console showed.
        assertThat(Files.readString(model.resolve("training-log.txt"))).startsWith("netllm cjs adapt --data-dir")
                .contains("validation with target return -0.800").contains("use it as netllm:");
        Path out = tmp.resolve("eval");
        CliRun eval = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--executors", "6", "--jobs", "6",
                "--seeds", "9000", "--schedulers", "fair,netllm:" + model, "--threads", "1", "--out", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertThat(results).hasSize(3);
        assertThat(results.get(2)).startsWith("netllm:" + model + ",9000,6,6,");
        CliRun latency = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--executors", "6", "--jobs", "6",
                "--seeds", "9000", "--scheduler", "netllm:" + model, "--compare", "--warmup", "0");
        assertThat(latency.exitCode()).as(latency.err()).isZero();
        // both ways decide the same episode identically: the same decision count and average JCT on both rows
        String decided = results.get(2).split(",", 5)[4];
        String[] two = latency.out().lines().filter(l -> l.startsWith("two ")).findFirst().orElseThrow().split("\\s+");
        String[] cached = latency.out().lines().filter(l -> l.startsWith("cached ")).findFirst().orElseThrow()
                .split("\\s+");
        assertThat(two[1]).isEqualTo(decided.split(",")[2]);
        assertThat(cached[1]).isEqualTo(two[1]);
        assertThat(cached[6]).isEqualTo(two[6]);
    }

    private static double figure(String out, String prefix) {
        String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(prefix.length()).replace(" s", "").strip());
    }

    @Test
    void anUnknownDecodingIsRefusedBeforeTraining() {
        CliRun run = netllm("cjs", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlcp").toString(),
                "--valid-decodings", "greedy,hot", "--out", tmp.resolve("m").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--valid-decodings: decoding 'hot' is not greedy, sampled or a positive")
                .contains("greedy,0.5,1").doesNotContain("\tat ");
    }

    @Test
    void anUnknownSelectionDecodingIsRefusedBeforeTraining() {
        CliRun run = netllm("cjs", "adapt", "--data-dir", DATA.toString(), "--pool", tmp.resolve("p.nlcp").toString(),
                "--select-decoding", "0", "--out", tmp.resolve("m").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--select-decoding: decoding '0' is not greedy, sampled or a positive")
                .contains("--select-decoding 0.5").doesNotContain("\tat ");
    }

    @Test
    void latencyComparesPassesOfAdaptedSchedulersOnly() {
        CliRun run = netllm("cjs", "latency", "--data-dir", DATA.toString(), "--scheduler", "fair", "--compare",
                "--seeds", "9000", "--jobs", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--compare needs an adapted scheduler").doesNotContain("\tat ");
    }

    @Test
    void aMissingModelFolderIsAUserError() {
        CliRun run = netllm("cjs", "eval", "--data-dir", DATA.toString(), "--schedulers", "netllm:" + tmp.resolve("none"),
                "--seeds", "9000", "--jobs", "3", "--out", tmp.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a folder").contains("cjs adapt").doesNotContain("\tat ");
    }
}
