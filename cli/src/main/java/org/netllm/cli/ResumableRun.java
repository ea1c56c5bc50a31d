package org.netllm.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.netllm.adapt.train.ResumeFolder;
import org.netllm.adapt.train.RunControl;
import org.netllm.adapt.train.StopRequest;
import org.netllm.adapt.train.TrainingResult;
import org.netllm.adapt.train.TrainingState;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One sitting of a training command that survives interruptions: it refuses to overwrite an interrupted run, checks
 * that a resumed run asks for the same thing, records the command line in {@code DIR/resume/run.json}, turns SIGINT
 * and SIGTERM into a stop after the current step, and prints how to go on when stopped.
 */
public final class ResumableRun implements AutoCloseable {

    /** Exit code of a run that stopped early with its state saved (a signal or the time budget). */
    public static final int STOPPED = 3;

    /** The command line and options of the run, beside its state. */
    public static final String RUN_FILE = "run.json";

    /** Options that may differ between sittings: they do not change what the run computes. */
    private static final Set<String> MAY_CHANGE = Set.of("--steps", "--resume", "--time-budget", "--torch-threads",
            "--threads", "--valid-threads", "--data-dir", "--help", "--version");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What {@code run.json} holds. */
    record RunFile(String command, List<String> args, Map<String, String> options) {
    }

    private final ResumeFolder folder;
    private final TrainingState from;
    private final StopRequest stop;
    private final List<String> args;
    private final StopSignals signals;

    private ResumableRun(ResumeFolder folder, TrainingState from, StopRequest stop, List<String> args) {
        this.folder = folder;
        this.from = from;
        this.stop = stop;
        this.args = args;
        this.signals = StopSignals.install(stop);
    }

    /**
     * Starts a sitting writing into {@code out}: fresh, or going on from {@code out}'s state when {@code --resume}
     * names it. Call before loading anything expensive: every refusal comes first.
     */
    public static ResumableRun start(CommandSpec spec, RunOptions options, Path out) {
        ResumeFolder folder = ResumeFolder.of(out);
        String command = spec.qualifiedName(" ");
        List<String> args = commandLine(spec);
        Map<String, String> current = resultOptions(spec);
        StopRequest stop = options.stopRequest();
        TrainingState from = null;
        if (options.resume() == null) {
            if (folder.exists()) {
                TrainingState saved = folder.read();
                throw new InvalidInputException(out + " holds an interrupted run (" + saved.step() + " steps done);"
                        + " go on with it with '" + command + " --resume " + out + "', or choose another --out (or"
                        + " delete " + folder.path() + " to start it over)");
            }
        } else {
            if (!options.resume().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new InvalidInputException("--resume " + options.resume() + " and --out " + out + " differ; a run"
                        + " goes on in its own folder: give --resume alone, or the same folder to both");
            }
            RunFile saved = readRunFile(folder);
            if (!saved.command().equals(command)) {
                throw new InvalidInputException(out + " holds a run of '" + saved.command() + "', not '" + command
                        + "'");
            }
            for (var entry : saved.options().entrySet()) {
                String now = current.get(entry.getKey());
                if (!Objects.equals(now, entry.getValue())) {
                    throw new InvalidInputException("--resume " + out + ": " + entry.getKey() + " was "
                            + entry.getValue() + " in the interrupted run and is " + now + " now; resume with the same "
                            + entry.getKey() + " (only --steps, --time-budget and thread counts may change), or start"
                            + " a new run with another --out");
                }
            }
            for (String option : current.keySet()) {
                if (!saved.options().containsKey(option)) {
                    throw new InvalidInputException("--resume " + out + ": the interrupted run was made without "
                            + option + "; resume without it, or start a new run with another --out");
                }
            }
            from = folder.read();
            OptionSpec steps = spec.findOption("--steps");
            if (steps != null && steps.getValue() instanceof Integer n && n < from.step()) {
                throw new InvalidInputException("--resume " + out + ": the run has done " + from.step() + " steps;"
                        + " --steps " + n + " would end it before that (--steps may only be raised)");
            }
        }
        writeRunFile(folder, new RunFile(command, args, current));
        return new ResumableRun(folder, from, stop, args);
    }

    /** The state this sitting goes on from, or null for a fresh run. */
    public TrainingState resumedFrom() {
        return from;
    }

    /** The trainer's control for this sitting, with {@code validated} told of each validation. */
    public RunControl control(RunControl.Validated validated) {
        return new RunControl(folder, from, stop, validated);
    }

    /**
     * Reports a stopped run: why, where its state is, the kept model so far, and the command to go on with.
     *
     * @return the exit code of a stopped run
     */
    public int reportStopped(TrainingResult result, Path out, PrintWriter w) {
        w.printf("stopped after step %d: %s; the state to go on from is in %s%n", result.losses().size(),
                result.stoppedBecause(), folder.path());
        if (!Double.isNaN(result.bestScore())) {
            w.printf("the best validated model so far (step %d, score %.4f) is in %s (usable as netllm:%s)%n",
                    result.bestStep(), result.bestScore(), out, out);
        }
        w.printf("go on with: ./netllm %s --resume %s%n", commandPath(args), out);
        w.flush();
        return STOPPED;
    }

    @Override
    public void close() {
        signals.close();
    }

    /** The command's subcommand names (leading arguments that are not options). */
    private static String commandPath(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                break;
            }
            words.add(a);
        }
        return String.join(" ", words);
    }

    /** The arguments as typed, without those that only steer this sitting. */
    private static List<String> commandLine(CommandSpec spec) {
        List<String> all = spec.root().commandLine().getParseResult() == null ? List.of()
                : spec.root().commandLine().getParseResult().originalArgs();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String a = all.get(i);
            if (a.equals("--resume") || a.equals("--time-budget")) {
                i++;
            } else if (!a.startsWith("--resume=") && !a.startsWith("--time-budget=")) {
                kept.add(a);
            }
        }
        return kept;
    }

    /** Every option that changes what the run computes, by its long name, as text. */
    private static Map<String, String> resultOptions(CommandSpec spec) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || MAY_CHANGE.contains(o.longestName())) {
                continue;
            }
            options.put(o.longestName(), text(o.getValue()));
        }
        return options;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(ResumableRun::text).toList());
        }
        if (value instanceof Path p) {
            return p.toAbsolutePath().normalize().toString();
        }
        if (value instanceof Enum<?> choice) {
            return FixedChoice.spelling(choice); // as the option was spelled when it was a string
        }
        return value.toString();
    }

    /** The arguments stored for the run in {@code out}, to repeat its command line with {@code --resume out}. */
    static List<String> storedArgs(Path out) {
        return readRunFile(ResumeFolder.of(out)).args();
    }

    private static RunFile readRunFile(ResumeFolder folder) {
        Path file = folder.path().resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("nothing to resume in " + folder.path().getParent() + ": " + file
                    + " is missing (a training command writes it when it starts)");
        }
        try {
            return JSON.readValue(file.toFile(), RunFile.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not readable: " + e.getMessage(), e);
        }
    }

    private static void writeRunFile(ResumeFolder folder, RunFile run) {
        Path file = folder.path().resolve(RUN_FILE);
        try {
            Files.createDirectories(folder.path());
            Path tmp = folder.path().resolve(RUN_FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), run);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
