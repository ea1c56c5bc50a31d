package org.netllm.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.netllm.adapt.train.StopRequest;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** The options of every long training command that make it survive an interruption: {@code --resume}, {@code --time-budget}. */
public final class RunOptions {

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Go on with the interrupted run whose output folder is DIR, from its last saved state (written"
                    + " at each validation and when stopped). Alone, it repeats that run's command line; options that"
                    + " change the result are refused; --steps may be raised, --time-budget and --torch-threads set.")
    Path resume;

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "Stop at the first validation after DURATION of wall time (45m, 1h30m, 90s), with the state"
                    + " saved to go on from with --resume; the exit code is then 3.")
    String timeBudget;

    /** The folder to resume, or null for a fresh run. */
    public Path resume() {
        return resume;
    }

    /** The stop request this run answers: the time budget, if any; signals are added by {@link ResumableRun}. */
    public StopRequest stopRequest() {
        if (timeBudget == null) {
            return StopRequest.never();
        }
        try {
            Duration budget = StopRequest.parseBudget(timeBudget);
            return StopRequest.after(budget);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--time-budget: " + e.getMessage());
        }
    }
}
