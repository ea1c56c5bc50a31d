package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm cjs latency}: the adapted scheduler's in-process decision latency over one episode on one thread,
 * p50/p99 and the episode's wall time; with {@code --compare} the same episode with two full backbone passes too.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Time every decision of one episode in process (one thread): p50, p99, mean and the episode's "
                + "wall time. --compare also plays it deciding with two full backbone passes (the earlier way)."})
public final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    EpisodeOptions episodes;

    @Option(names = "--scheduler", defaultValue = "netllm:default", paramLabel = "NAME",
            description = "The scheduler (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--executors", defaultValue = "50", paramLabel = "N", description = "Executors (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(names = "--jobs", defaultValue = "200", paramLabel = "J", description = "Jobs (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--compare", description = "Also decide with two full backbone passes (adapted schedulers only).")
    boolean compare;

    @Option(names = "--torch-threads", paramLabel = "N",
            description = "PyTorch intra-op threads of the adapted scheduler (default: libtorch's own, one per core).")
    Integer torchThreads;

    @Option(names = "--warmup", defaultValue = "20", paramLabel = "K",
            description = "Decisions of the episode left out of the figures (default: ${DEFAULT-VALUE}).")
    int warmup;

    /** Times each decision of the wrapped scheduler. */
    private static final class Timed implements CjsScheduler {
        final CjsScheduler inner;
        final List<Long> nanos = new ArrayList<>();

        Timed(CjsScheduler inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
            return decide(observation, draws, start());
        }

        @Override
        public CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
            long t = System.nanoTime();
            CjsAction a = inner.decide(observation, draws, memory);
            nanos.add(System.nanoTime() - t);
            return a;
        }

        @Override
        public CjsMemory start() {
            return inner.start();
        }

        @Override
        public CjsMemory remember(CjsMemory memory, CjsObservation observation, CjsAction taken, double reward) {
            return inner.remember(memory, observation, taken, reward);
        }
    }

    @Override
    public Integer call() {
        if (warmup < 0) {
            throw new InvalidInputException("--warmup must be at least 0, got " + warmup);
        }
        if (torchThreads != null) {
            if (torchThreads < 1) {
                throw new InvalidInputException("--torch-threads must be at least 1, got " + torchThreads);
            }
            // read when the engine first loads, which resolving an adapted scheduler below does
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Path cjs = data.root().resolve("cjs");
        CjsScheduler chosen = CjsSchedulerRegistry.of(cjs).resolveAll(List.of(scheduler)).get(0);
        List<CjsScheduler> runs = new ArrayList<>(List.of(chosen));
        if (compare) {
            if (!(chosen instanceof NetllmCjsScheduler adapted)) {
                throw new InvalidInputException("--compare needs an adapted scheduler (netllm:default or netllm:DIR), "
                        + "not " + scheduler);
            }
            runs = List.of(adapted.withPasses(NetllmCjsScheduler.Passes.TWO),
                    adapted.withPasses(NetllmCjsScheduler.Passes.CACHED));
        }
        CjsEpisode.Setup setup = episodes.episodes(jobs, executors).get(0);
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        var out = spec.commandLine().getOut();
        out.printf("CJS decision latency: %s, episode %s (%d jobs, %d executors), one thread%s, first %d decisions "
                + "left out%n", chosen.name(), setup.name(), setup.jobs().size(), executors,
                torchThreads == null ? "" : " (" + torchThreads + " PyTorch threads)", warmup);
        out.printf("%-8s %9s %9s %9s %9s %11s %10s%n", "passes", "decisions", "p50 ms", "p99 ms", "mean ms",
                "episode s", "avg JCT s");
        out.flush();
        for (CjsScheduler s : runs) {
            Timed timed = new Timed(s);
            long t = System.nanoTime();
            EpisodeResult r = CjsEpisode.play(setup, library, timed, false);
            double wall = (System.nanoTime() - t) / 1e9;
            List<Long> kept = timed.nanos.subList(Math.min(warmup, timed.nanos.size()), timed.nanos.size());
            double[] ms = kept.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
            String label = s instanceof NetllmCjsScheduler n ? n.passes().name().toLowerCase(Locale.ROOT) : "-";
            out.printf(Locale.ROOT, "%-8s %9d %9.2f %9.2f %9.2f %11.1f %10.3f%n", label, r.decisions(),
                    quantile(ms, 0.5), quantile(ms, 0.99), Arrays.stream(ms).average().orElse(Double.NaN), wall,
                    r.avgJctS());
            out.flush();
        }
        return 0;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1; // nearest rank
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
