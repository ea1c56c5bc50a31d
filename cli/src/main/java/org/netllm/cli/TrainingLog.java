package org.netllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a training command reports, shown on the console and kept as {@code training-log.txt} beside the model it
 * writes; the first line is the command line, so the log says how the model was made. A log opened on its folder
 * is written line by line as the run goes (a resumed run appends, with its own command line), so an interrupted
 * run keeps what it reported.
 */
public final class TrainingLog implements AutoCloseable {

    /** The log's file name in a model folder. */
    public static final String FILE = "training-log.txt";

    private final StringWriter text = new StringWriter();
    private final Writer file;
    private final Path folder;
    private final PrintWriter writer;
    private final PrintWriter console;
    private int shown;

    /** A log kept in memory and written by {@link #save}. */
    public TrainingLog(CommandSpec spec) {
        this(spec, null, false);
    }

    /**
     * A log written into {@code folder/training-log.txt} as it goes.
     *
     * @param resumed append to the log of the run this one goes on with, instead of starting a new one
     */
    public TrainingLog(CommandSpec spec, Path folder, boolean resumed) {
        this.console = spec.commandLine().getOut();
        this.folder = folder;
        if (folder == null) {
            file = null;
        } else {
            try {
                Files.createDirectories(folder);
                file = Files.newBufferedWriter(folder.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, resumed ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write " + folder.resolve(FILE) + ": " + e.getMessage(), e);
            }
        }
        this.writer = new PrintWriter(new Tee(), true);
        var parsed = spec.commandLine().getParseResult();
        writer.printf("netllm %s%n", parsed == null ? spec.qualifiedName(" ")
                : String.join(" ", parsed.originalArgs()));
    }

    /** Where the command writes its report; each line reaches the log file at once. */
    public PrintWriter writer() {
        return writer;
    }

    /** Prints what was written since last shown (before a long training, so the user sees what it trains on). */
    public void show() {
        writer.flush();
        console.print(text.getBuffer().substring(shown));
        console.flush();
        shown = text.getBuffer().length();
    }

    /** Shows the rest and makes sure the whole log is in {@code folder/training-log.txt}. */
    public void save(Path folder) {
        show();
        if (folder.equals(this.folder)) {
            return; // written as it went
        }
        Path target = folder.resolve(FILE);
        try {
            Files.writeString(target, text.toString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Closes the log file (a log in memory has none). */
    @Override
    public void close() {
        writer.close();
    }

    /** Into the in-memory text for the console and, when the log has a folder, into its file. */
    private final class Tee extends Writer {
        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            text.write(buffer, offset, length);
            if (file != null) {
                file.write(buffer, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (file != null) {
                file.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            }
        }
    }
}
