package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.emulation.csv.CsvFile;

class EvaluationReportTest {

    @TempDir
    Path tmp;

    @Test
    void aTraceNamedWithACommaStaysOneCellAndPlainRowsAreAPlainJoin() throws Exception {
        new EvaluationReport(List.of(new SessionRow("bba", "bus, line 3", 1.5, 2.0, 0.25, 0.5),
                new SessionRow("bba", "trace_7", -0.5, 1.0, 0.0, 0.125))).write(tmp, "test");

        List<CsvFile.Row> rows = CsvFile.read(tmp.resolve("results.csv"), "results");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).cells()).containsExactly("bba", "bus, line 3", "1.50000000000", "2.00000000000",
                "0.250000000000", "0.500000000000");
        assertThat(Files.readAllLines(tmp.resolve("results.csv")).get(2))
                .isEqualTo("bba,trace_7,-0.500000000000,1.00000000000,0.00000000000,0.125000000000");
    }
}
