package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.JobFiles;
import org.netllm.emulation.cjs.JobSpec;
import org.netllm.emulation.cjs.Randomness;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** Which episodes to play: seeds (generated jobs) or job files, in normal or deterministic mode. */
final class EpisodeOptions {

    @Option(names = "--seeds", paramLabel = "A..B",
            description = "Episode seeds, inclusive range A..B or a comma list (default: the test seeds "
                    + CjsSeeds.TEST_FIRST + ".." + (CjsSeeds.TEST_FIRST + CjsSeeds.TEST_COUNT - 1) + ").")
    String seeds;

    @Option(names = "--job-file", split = ",", paramLabel = "FILE",
            description = "Job files (job,arrival_ms,query,size) instead of seeds; one episode per file.")
    List<Path> jobFiles;

    @Option(names = "--deterministic",
            description = "Deterministic mode (spec D1-D10): every random draw is a rule; a run is a function of "
                    + "(jobs, executors, scheduler).")
    boolean deterministic;

    /** How normal mode draws: one stream for everything (NetLLM's way), or the world and the decisions apart. */
    enum Streams { one, split }

    @Option(names = "--streams", defaultValue = "one", paramLabel = "one|split",
            description = "Normal mode's random streams: one (durations and the scheduler's draws interleaved on one "
                    + "generator, NetLLM's way and every committed figure's) or split (durations keyed by task, draws "
                    + "by decision, from two streams: schedulers on one seed meet the same durations; default: "
                    + "${DEFAULT-VALUE}).")
    Streams streams = Streams.one;

    @Option(names = "--draw-seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the duration and decision draws for job files in normal mode (default: ${DEFAULT-VALUE}).")
    long drawSeed;

    /** The episodes with {@code jobs} jobs (generated) on {@code executors} executors. */
    List<CjsEpisode.Setup> episodes(int jobs, int executors) {
        if (executors < 1) {
            throw new InvalidInputException("--executors must be at least 1, got " + executors);
        }
        if (jobs < 1) {
            throw new InvalidInputException("--jobs must be at least 1, got " + jobs);
        }
        if (seeds != null && jobFiles != null) {
            throw new InvalidInputException("give --seeds or --job-file, not both");
        }
        CjsSimulator.Config config = CjsSimulator.Config.of(executors);
        List<CjsEpisode.Setup> out = new ArrayList<>();
        if (jobFiles != null) {
            for (Path f : jobFiles) {
                List<JobSpec> specs = JobFiles.read(f);
                out.add(new CjsEpisode.Setup(f.getFileName().toString(), specs, config,
                        deterministic ? new Randomness.Deterministic() : streams == Streams.split
                                ? Randomness.Split.of(drawSeed) : new Randomness.Seeded(drawSeed, 0)));
            }
            return out;
        }
        for (long seed : parseSeeds(seeds)) {
            CjsEpisode.Setup generated = streams == Streams.split ? CjsEpisode.generatedSplit(seed, jobs, config)
                    : CjsEpisode.generated(seed, jobs, config);
            out.add(deterministic ? new CjsEpisode.Setup(generated.name(), generated.jobs(), config,
                    new Randomness.Deterministic()) : generated);
        }
        return out;
    }

    /** {@code A..B} (inclusive) or {@code A,B,C}; null means the test seeds. */
    static long[] parseSeeds(String text) {
        if (text == null) {
            return CjsSeeds.test();
        }
        try {
            if (text.contains("..")) {
                String[] ends = text.split("\\.\\.", -1);
                long a = Long.parseLong(ends[0].strip());
                long b = Long.parseLong(ends[1].strip());
                if (b < a || b - a > 1_000_000) {
                    throw new InvalidInputException("--seeds " + text + ": the range must be A..B with A <= B");
                }
                return java.util.stream.LongStream.rangeClosed(a, b).toArray();
            }
            return java.util.Arrays.stream(text.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new InvalidInputException("--seeds '" + text + "' is not a range A..B or a list of integers");
        }
    }

    /** How the episodes were chosen, for the console. */
    String describe() {
        String mode = deterministic ? "deterministic mode" : streams == Streams.split ? "normal mode, split streams"
                : "normal mode";
        if (jobFiles != null) {
            return jobFiles.size() + " job file(s), " + mode;
        }
        long[] s = parseSeeds(seeds);
        String set = CjsSeeds.setOf(s[0]).equals(CjsSeeds.setOf(s[s.length - 1])) ? " (" + CjsSeeds.setOf(s[0])
                + " seeds)" : "";
        return "seeds " + (seeds == null ? s[0] + ".." + s[s.length - 1] : seeds) + set + ", " + mode;
    }
}
