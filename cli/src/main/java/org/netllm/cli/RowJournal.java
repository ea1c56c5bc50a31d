package org.netllm.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.netllm.errors.InvalidInputException;

/**
 * The rows of a long evaluation, one JSON line each, appended as they finish and flushed at once, so an interrupted
 * evaluation goes on ({@code --resume}) with the rows it has. A last line cut short by the interruption is dropped.
 *
 * @param <R> the row record
 */
public final class RowJournal<R> implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final List<R> done;
    private final BufferedWriter out;

    private RowJournal(Path file, List<R> done, BufferedWriter out) {
        this.file = file;
        this.done = done;
        this.out = out;
    }

    /**
     * Opens {@code file}: with {@code resume}, keeping the rows it holds; without, starting it empty.
     *
     * @param type the row record's class
     */
    public static <R> RowJournal<R> open(Path file, Class<R> type, boolean resume) {
        List<R> done = new ArrayList<>();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (resume && Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                List<String> whole = new ArrayList<>();
                for (String line : lines) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        done.add(JSON.readValue(line, type));
                        whole.add(line);
                    } catch (IOException cut) {
                        break; // the line the interruption cut short, and nothing after it
                    }
                }
                Files.write(file, whole, StandardCharsets.UTF_8);
            }
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            return new RowJournal<>(file, done, out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot use " + file + " for the evaluation's rows: " + e.getMessage(), e);
        }
    }

    /** The rows an earlier sitting finished. */
    public List<R> done() {
        return List.copyOf(done);
    }

    /** Appends a finished row; threadsafe. */
    public synchronized void append(R row) {
        try {
            out.write(JSON.writeValueAsString(row));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new InvalidInputException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new InvalidInputException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
