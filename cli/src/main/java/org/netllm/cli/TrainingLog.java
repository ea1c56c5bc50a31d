package org.netllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a training command reports, shown on the console and kept as {@code training-log.txt} beside the model it
 * writes; the first line is the command line, so the log says how the model was made.
 */
public final class TrainingLog {

    private final StringWriter text = new StringWriter();
    private final PrintWriter writer = new PrintWriter(text);
    private final PrintWriter console;
    private int shown;

    public TrainingLog(CommandSpec spec) {
        this.console = spec.commandLine().getOut();
        writer.printf("netllm %s%n", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }

    /** Where the command writes its report. */
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

    /** Shows the rest and writes the whole log to {@code folder/training-log.txt}. */
    public void save(Path folder) {
        show();
        Path file = folder.resolve("training-log.txt");
        try {
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
