package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class TrainPensieveCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    private Path copy(String set, int n, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<Path> all;
        try (var files = Files.list(DATA.resolve("abr/traces").resolve(set))) {
            all = files.sorted().limit(n).toList();
        }
        for (Path f : all) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }

    @Test
    void aTinyRunWritesAnActorThatAbrEvalPlaysAsPensieveDir() throws Exception {
        Path model = tmp.resolve("pensieve");
        CliRun train = netllm("abr", "train-pensieve", "--data-dir", DATA.toString(), "--traces",
                copy("fcc-train", 2, "train").toString(), "--valid-traces", copy("fcc-valid", 2, "valid").toString(),
                "--epochs", "2", "--sessions", "2", "--validate-every", "1", "--seed", "3", "--out", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(model.resolve("pensieve.json")).exists();
        assertThat(Files.size(model.resolve("actor.safetensors"))).isBetween(1_000_000L, 1_100_000L);
        String log = Files.readString(model.resolve("training-log.txt"));
        assertThat(log).contains("2 updates of 2 sessions (188 decisions)")
                .contains("validation after update 1 (94 decisions)").contains("validation after update 2");
        CliRun eval = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces",
                copy("fcc-valid", 2, "eval").toString(), "--policies", "bba,pensieve:" + model,
                "--out", tmp.resolve("out").toString(), "--threads", "1");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("pensieve:" + model);
    }

    @Test
    void trainingOrSelectingOnATestSetIsRefused() {
        CliRun run = netllm("abr", "train-pensieve", "--data-dir", DATA.toString(), "--traces", "fcc-test",
                "--out", tmp.resolve("m").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--traces fcc-test looks like a test set").doesNotContain("Exception");
        run = netllm("abr", "train-pensieve", "--data-dir", DATA.toString(), "--valid-traces", "norway-test",
                "--out", tmp.resolve("m").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--valid-traces norway-test looks like a test set");
    }

    @Test
    void aMissingFolderOrAnAdaptedModelAsPensieveIsAUserError() throws Exception {
        Path traces = copy("fcc-valid", 1, "t");
        CliRun run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", traces.toString(),
                "--policies", "pensieve:" + tmp.resolve("nowhere"), "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nowhere does not exist").contains("train-pensieve").doesNotContain("Exception");
        Path adapter = Files.createDirectories(tmp.resolve("adapter"));
        Files.writeString(adapter.resolve("adapter.json"), "{}");
        run = netllm("abr", "eval", "--data-dir", DATA.toString(), "--traces", traces.toString(),
                "--policies", "pensieve:" + adapter, "--out", tmp.resolve("o").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a Pensieve model: it lacks pensieve.json");
    }
}
