package org.netllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.errors.InvalidInputException;

/**
 * {@code netllm abr adapt --resume DIR}: a resumed run given without its options repeats the command line stored in
 * {@code DIR/resume/run.json}, followed by what was given now, so {@code --steps 8000} or {@code --time-budget 1h}
 * apply on top of it. A command line that names {@code --out} is taken as given (and checked against the stored
 * one by {@link ResumableRun}).
 */
final class ResumedCommandLine {

    private ResumedCommandLine() {
    }

    /** The arguments to run: {@code args} itself when there is nothing to expand. */
    static String[] expand(String[] args) {
        Path resume = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") || args[i].startsWith("--out=") || args[i].equals("-h")
                    || args[i].equals("--help")) {
                return args;
            }
            if (args[i].equals("--resume") && i + 1 < args.length) {
                resume = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--resume=")) {
                resume = Path.of(args[i].substring("--resume=".length()));
            }
        }
        if (resume == null) {
            return args;
        }
        List<String> stored = ResumableRun.storedArgs(resume);
        List<String> command = words(List.of(args));
        List<String> storedCommand = words(stored);
        if (!command.equals(storedCommand)) {
            throw new InvalidInputException(resume + " holds a run of 'netllm " + String.join(" ", storedCommand)
                    + "', not of 'netllm " + String.join(" ", command) + "'");
        }
        List<String> merged = new ArrayList<>(stored);
        merged.addAll(List.of(args).subList(command.size(), args.length));
        return merged.toArray(String[]::new);
    }

    /** The leading subcommand names. */
    private static List<String> words(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                break;
            }
            words.add(a);
        }
        return words;
    }
}
