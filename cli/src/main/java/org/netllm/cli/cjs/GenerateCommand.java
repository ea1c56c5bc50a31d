package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.netllm.emulation.cjs.JobFiles;
import org.netllm.emulation.cjs.JobSequences;
import org.netllm.emulation.cjs.JobSpec;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netllm cjs generate jobs}: writes the job file of a seed (the jobs {@code cjs eval --seeds S} plays). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a job file: NetLLM's job stream (uniform query and size, exponential gaps, mean 25 s).")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "jobs", description = "What to generate: jobs.")
    String what;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed of the job stream.")
    long seed;

    @Option(names = "--count", defaultValue = "200", paramLabel = "N", description = "Jobs (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The job file to write.")
    Path out;

    @Override
    public Integer call() {
        if (!what.equals("jobs")) {
            throw new InvalidInputException("cjs generate: unknown kind '" + what + "'; only 'jobs' exists");
        }
        if (count < 1) {
            throw new InvalidInputException("--count must be at least 1, got " + count);
        }
        List<JobSpec> jobs = JobSequences.generate(new SplittableRandom(seed), count);
        JobFiles.write(out, jobs);
        spec.commandLine().getOut().printf("wrote %d jobs (seed %d, last arrival %.1f s) to %s%n", jobs.size(), seed,
                jobs.get(jobs.size() - 1).arrivalMs() / 1000, out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
