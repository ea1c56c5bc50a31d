package org.netllm.cli;

import java.util.List;
import org.netllm.adapt.train.StopRequest;
import org.netllm.adaptation.PoolShards;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options of a collection written in shards ({@code abr collect}, {@code cjs collect}): the shard size, and how it
 * survives an interruption: {@code --time-budget} stops it after the shard that passes the budget (SIGINT / SIGTERM
 * after the shard in progress), and {@code --resume} goes on from its finished shards.
 */
public final class CollectionOptions {

    @Option(names = "--shard-size", paramLabel = "N",
            description = "Episodes per shard: the collection is written shard by shard into POOL.shards/ as it goes,"
                    + " then merged into POOL (default: a twentieth of --episodes).")
    Integer shardSize;

    @Option(names = "--resume",
            description = "Go on with the interrupted collection into --out: finished shards are kept, the rest"
                    + " collected; the options must be those of the interrupted run. The pool has the same bytes as"
                    + " an unbroken collection.")
    boolean resume;

    @Option(names = "--time-budget", paramLabel = "DURATION",
            description = "Stop after the first shard finished past DURATION of wall time (45m, 1h30m, 90s), keeping"
                    + " the finished shards to go on from with --resume; the exit code is then 3.")
    String timeBudget;

    /** Episodes per shard for a collection of {@code episodes}, refused below 1. */
    public int shardSize(int episodes) {
        int size = shardSize == null ? PoolShards.defaultShardSize(Math.max(1, episodes)) : shardSize;
        if (size < 1) {
            throw new InvalidInputException("--shard-size must be at least 1, got " + size);
        }
        return size;
    }

    /** Whether to go on with an interrupted collection. */
    public boolean resume() {
        return resume;
    }

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
