package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adapt.ProgressBar;
import org.netllm.adapt.train.StopRequest;
import org.netllm.cli.CollectionOptions;
import org.netllm.cli.StopSignals;
import org.netllm.adaptation.cjs.CjsCollector;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.cjs.CjsSchedulers;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.TpchLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cjs collect}: an experience pool of scheduling decisions over training seeds. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect a CJS experience pool: every decision of the schedulers' episodes on training seeds.")
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    CollectionOptions collection;

    @Option(names = "--schedulers", defaultValue = "decima,fair,fifo", split = ",", paramLabel = "NAME",
            description = "Behaviour schedulers taking turns over the episodes; NAME@eps=E explores with probability"
                    + " E (default: ${DEFAULT-VALUE}).")
    List<String> schedulers;

    @Option(names = "--executors", defaultValue = "50", paramLabel = "N", description = "Executors (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(names = "--jobs", defaultValue = "200", paramLabel = "J", description = "Jobs per episode (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--episodes", required = true, paramLabel = "N", description = "Episodes in all.")
    int episodes;

    @Option(names = "--seed", defaultValue = "" + CjsSeeds.TRAINING_FIRST, paramLabel = "S",
            description = "First episode seed; episode i plays seed S+i, all training seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rollouts", defaultValue = "1", paramLabel = "R",
            description = "Plays of each episode's jobs (other duration and decision draws); only the one with the"
                    + " lowest average JCT is written, a filtered pool (default: ${DEFAULT-VALUE}).")
    int rollouts;

    @Option(names = "--out", required = true, paramLabel = "POOL", description = "The pool file to write.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores); the file does not depend on it.")
    Integer threads;



    @Override
    public Integer call() {
        if (executors < 1) {
            throw new org.netllm.errors.InvalidInputException("--executors must be at least 1, got " + executors);
        }
        Path cjs = data.root().resolve("cjs");
        CjsSchedulers registry = CjsSchedulerRegistry.of(cjs);
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ProgressBar bar = new ProgressBar("cjs collect", (long) episodes * Math.max(1, rollouts));
        StopRequest stop = collection.stopRequest();
        CjsCollector.Summary summary;
        try (StopSignals signals = StopSignals.install(stop)) {
            summary = CjsCollector.collect(new CjsCollector.Settings(registry.resolveAll(schedulers), executors, jobs,
                    episodes, seed, rollouts), library, n, out,
                    collection.shardSize(episodes), collection.resume(),
                    stop::atValidation, (done, total) -> bar.advanceTo(done));
        }
        bar.finish();
        if (summary.stopped() != null) {
            return CollectionOptions.reportStopped(spec, summary.stopped().because(), summary.stopped().shardsDone(),
                    summary.stopped().shards());
        }
        var stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "CJS pool: %d episodes, %d steps, seeds %d..%d (training), %d executors, %d jobs%n",
                summary.episodes(), summary.steps(), seed, seed + episodes - 1, executors, jobs);
        summary.meanAvgJctS().forEach((name, jct) -> stdout.printf(Locale.ROOT, "  %-20s mean avg JCT %.3f s%s%n",
                name, jct, rollouts > 1 ? String.format(Locale.ROOT, " (all %d rollouts: %.3f s)", rollouts,
                        summary.meanRolloutAvgJctS().get(name)) : ""));
        stdout.println("wrote " + out);
        stdout.flush();
        return 0;
    }
}
