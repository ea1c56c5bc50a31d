package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;

class UnseenCommandTest {

    private static final Path DATA = org.netllm.cli.TestData.root();

    @TempDir
    Path tmp;

    /** A data directory holding the first two traces of each set the grid reads, and the real videos. */
    private Path smallData() throws Exception {
        for (String set : List.of("fcc-test", "synthetic-test", "norway-test")) {
            Path dir = Files.createDirectories(tmp.resolve("data/abr/traces").resolve(set));
            try (var files = Files.list(DATA.resolve("abr/traces").resolve(set))) {
                for (Path f : files.sorted().limit(2).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        Files.createSymbolicLink(tmp.resolve("data/abr/videos"), DATA.resolve("abr/videos").toAbsolutePath());
        return tmp.resolve("data");
    }

    @Test
    void theGridScoresTheAdaptedModelInEverySettingInOneTable() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = netllm("abr", "unseen", "--data-dir", smallData().toString(), "--policies", "netllm:default,bba",
                "--out", out.toString(), "--threads", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("unseen.csv"));
        // header, then 5 settings x 2 policies, each over the 2 traces of its set
        assertThat(rows).hasSize(11);
        assertThat(rows.stream().filter(r -> r.contains(",netllm:default,2,"))).hasSize(5);
        assertThat(rows.stream().filter(r -> r.contains(",bba,2,"))).hasSize(5);
    }
}
