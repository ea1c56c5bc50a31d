package org.netllm.emulation.csv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.errors.InvalidInputException;

/**
 * Comma-separated files as RFC 4180 has them, read and written through Jackson's CSV dataformat, so that a cell
 * holding a comma, a double quote or a line break round-trips (a trace file named {@code "bus, line 3"} stays one
 * cell). A cell is quoted only when it must be, so rows of names and numbers are written exactly as a plain join
 * with commas would write them.
 *
 * <p>This class is threadsafe.
 */
public final class CsvFile {

    /** One row of a file: its cells, spaces around each trimmed, and the line it starts on (from 1). */
    public record Row(int line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        /** The cells joined as the file has them, for messages. */
        @Override
        public String toString() {
            return CsvFile.line(cells);
        }
    }

    private static final CsvMapper MAPPER = CsvMapper.builder()
            // quote a cell only when it holds the separator, a quote or a line break (not merely a space or a '#')
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final ObjectWriter LINE = MAPPER.writerFor(String[].class)
            .with(MAPPER.schema().withLineSeparator(""));
    private static final ObjectReader ROWS = MAPPER.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .with(CsvParser.Feature.TRIM_SPACES);

    private CsvFile() {
    }

    /** One line of cells (no line separator), each quoted only where it must be. */
    public static String line(String... cells) {
        try {
            return LINE.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV cells " + List.of(cells), e); // strings always write
        }
    }

    /** One line of cells (no line separator), each quoted only where it must be. */
    public static String line(List<String> cells) {
        return line(cells.toArray(String[]::new));
    }

    /**
     * Every non-blank row of {@code file}, the header (if the file has one) included.
     *
     * @param what what the file is, for messages ("job file", "head trace")
     */
    public static List<Row> read(Path file, String what) {
        List<Row> rows = new ArrayList<>();
        // Tokens rather than a MappingIterator: a row's line is where its first cell starts, which only the
        // parser's token locations tell (a quoted cell may span lines, and blank lines are skipped).
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser parser = ROWS.createParser(in)) {
            List<String> cells = null;
            int line = 0;
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_ARRAY && ++depth == 2) { // depth 1 is the array wrapping the file
                    cells = new ArrayList<>();
                    line = 0;
                } else if (token == JsonToken.VALUE_STRING && cells != null) {
                    if (cells.isEmpty()) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    cells.add(parser.getText());
                } else if (token == JsonToken.END_ARRAY && depth-- == 2) {
                    rows.add(new Row(line, cells));
                    cells = null;
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
            throw new InvalidInputException(what + " " + file + where + " is not valid CSV: " + e.getOriginalMessage()
                    + " (quote a cell holding a comma or a quote with double quotes, and double any quote inside it)",
                    e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
