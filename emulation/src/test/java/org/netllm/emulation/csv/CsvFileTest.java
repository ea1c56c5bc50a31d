package org.netllm.emulation.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class CsvFileTest {

    @TempDir
    Path tmp;

    @Test
    void plainCellsAreWrittenAsAPlainJoin() {
        assertThat(CsvFile.line("robust-mpc@eps=0.1", "fcc test #3", "-0.5", "NaN", "", "a+b (c)"))
                .isEqualTo("robust-mpc@eps=0.1,fcc test #3,-0.5,NaN,,a+b (c)");
    }

    @Test
    void cellsWithACommaAQuoteOrALineBreakAreQuoted() {
        assertThat(CsvFile.line("bus, line 3", "say \"hi\"", "two\nlines", "x"))
                .isEqualTo("\"bus, line 3\",\"say \"\"hi\"\"\",\"two\nlines\",x");
    }

    @Test
    void quotedCellsRoundTripThroughAFile() throws Exception {
        List<String> cells = List.of("bus, line 3", "say \"hi\"", "two\nlines", "1.25", "");
        Path f = tmp.resolve("t.csv");
        Files.write(f, List.of("a,b,c,d,e", CsvFile.line(cells), CsvFile.line("next", "2", "3", "4", "5")));
        List<CsvFile.Row> rows = CsvFile.read(f, "test file");
        assertThat(rows).extracting(CsvFile.Row::cells)
                .containsExactly(List.of("a", "b", "c", "d", "e"), cells, List.of("next", "2", "3", "4", "5"));
        assertThat(rows).extracting(CsvFile.Row::line).containsExactly(1, 2, 4);
    }

    @Test
    void blankLinesAreSkippedAndRowsKeepTheirLineNumbers() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, "1, 2 ,3\n\n   \r\n4,5,\n");
        List<CsvFile.Row> rows = CsvFile.read(f, "test file");
        assertThat(rows).extracting(CsvFile.Row::cells).containsExactly(List.of("1", "2", "3"), List.of("4", "5", ""));
        assertThat(rows).extracting(CsvFile.Row::line).containsExactly(1, 4);
    }

    @Test
    void anUnclosedQuoteNamesTheFileAndSaysHowToQuote() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "a,b\n\"open,2\n");
        assertThatThrownBy(() -> CsvFile.read(f, "job file")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("job file " + f).hasMessageContaining("not valid CSV")
                .hasMessageContaining("double quotes");
    }

    @Test
    void aMissingFileIsAUserError() {
        Path f = tmp.resolve("none.csv");
        assertThatThrownBy(() -> CsvFile.read(f, "head trace")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cannot read head trace " + f);
    }
}
