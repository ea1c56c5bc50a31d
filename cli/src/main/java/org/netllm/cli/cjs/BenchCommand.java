package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cjs bench}: wall time of one episode on one thread, repeated after warm-up (for speed ratios). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one episode per scheduler on one thread (median of repeats after warm-up).")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    EpisodeOptions episodes;

    @Option(names = "--executors", defaultValue = "50", paramLabel = "N", description = "Executors (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(names = "--jobs", defaultValue = "200", paramLabel = "J", description = "Jobs (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--schedulers", defaultValue = "fifo,fair", split = ",", paramLabel = "NAME",
            description = "Schedulers (default: ${DEFAULT-VALUE}).")
    List<String> schedulers;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "K", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeat", defaultValue = "10", paramLabel = "K", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() {
        if (repeat < 1 || warmup < 0) {
            throw new InvalidInputException("--repeat must be at least 1 and --warmup at least 0");
        }
        Path cjs = data.root().resolve("cjs");
        List<CjsScheduler> resolved = CjsSchedulerRegistry.of(cjs).resolveAll(schedulers);
        List<CjsEpisode.Setup> setups = episodes.episodes(jobs, executors);
        CjsEpisode.Setup setup = setups.get(0);
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        var out = spec.commandLine().getOut();
        out.printf("CJS bench: episode %s (%d jobs, %d executors), one thread, median of %d after %d warm-up runs%n",
                setup.name(), setup.jobs().size(), executors, repeat, warmup);
        for (CjsScheduler s : resolved) {
            EpisodeResult r = null;
            for (int i = 0; i < warmup; i++) {
                r = CjsEpisode.play(setup, library, s, false);
            }
            double[] ms = new double[repeat];
            for (int i = 0; i < repeat; i++) {
                long t = System.nanoTime();
                r = CjsEpisode.play(setup, library, s, false);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double median = ms[repeat / 2];
            out.printf(Locale.ROOT, "%-14s %9.2f ms per episode (min %.2f)  %6d decisions  %.2f us per decision  avg JCT %.4f s%n",
                    s.name(), median, ms[0], r.decisions(), median * 1000 / r.decisions(), r.avgJctS());
        }
        out.flush();
        return 0;
    }
}
