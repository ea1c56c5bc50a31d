package org.netllm.cli;

import java.util.List;
import org.netllm.adapt.train.StopRequest;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --time-budget} of a collection: it stops after the shard that passes the budget (or after the shard in
 * progress at SIGINT / SIGTERM), with its finished shards kept for {@code --resume}.
 */
public final class CollectionBudget {

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "Stop after the first shard finished past DURATION of wall time (45m, 1h30m, 90s), keeping"
                    + " the finished shards to go on from with --resume; the exit code is then 3.")
    String timeBudget;

    /** The stop request of this collection (the budget; signals are added by {@link StopSignals}). */
    public StopRequest stopRequest() {
        if (timeBudget == null) {
            return StopRequest.never();
        }
        try {
            return StopRequest.after(StopRequest.parseBudget(timeBudget));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--time-budget: " + e.getMessage());
        }
    }

    /** Reports a stopped collection and how to go on; returns the exit code of a stopped run. */
    public static int reportStopped(CommandSpec spec, String why, int shardsDone, int shards) {
        var parsed = spec.root().commandLine().getParseResult();
        List<String> args = parsed == null ? List.of() : parsed.originalArgs().stream()
                .filter(a -> !a.equals("--resume")).toList();
        var out = spec.commandLine().getOut();
        out.printf("stopped after %d of %d shards: %s; the finished shards are kept%n", shardsDone, shards, why);
        out.printf("go on with: ./netllm %s --resume%n", String.join(" ", args));
        out.flush();
        return ResumableRun.STOPPED;
    }
}
