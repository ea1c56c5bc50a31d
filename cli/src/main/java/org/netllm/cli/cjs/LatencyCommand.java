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
import org.netllm.controller.cjs.CjsRequest;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ForwardingCjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.emulation.stats.Percentile;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm cjs latency}: the adapted scheduler's in-process decision latency over one episode on one thread,
 * p50/p99 and the episode's wall time; with {@code --compare} the same episode with two full backbone passes too;
 * with {@code --batch} batches of the episode's recorded decisions (as clusters at different points of their
 * episodes send them) decided in one {@code decideAll} against one {@code decide} each, alternating in one run.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Time every decision of one episode in process (one thread): p50, p99, mean and the episode's "
                + "wall time. --compare also plays it deciding with two full backbone passes (the earlier way). "
                + "--batch K,... also times batches of K recorded decisions decided together against one by one."})
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

    @Option(names = "--batch", split = ",", paramLabel = "K",
            description = "Also time batches of K of the episode's decisions (each with its own context, as K "
                    + "clusters send them): one batched decision against K single ones, e.g. 1,4,8.")
    List<Integer> batches = List.of();

    @Option(names = "--batch-rounds", defaultValue = "30", paramLabel = "R",
            description = "Batches timed per size, after 3 untimed ones (default: ${DEFAULT-VALUE}).")
    int batchRounds;

    /** Times each decision of the wrapped scheduler and keeps what it was asked. */
    private static final class Timed extends ForwardingCjsScheduler {
        final List<Long> nanos = new ArrayList<>();
        final List<CjsRequest> asked = new ArrayList<>();

        Timed(CjsScheduler inner) {
            super(inner);
        }

        @Override
        public CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
            long t = System.nanoTime();
            CjsAction a = inner.decide(observation, draws, memory);
            nanos.add(System.nanoTime() - t);
            // Replayed with rule D8's draws, which a replay can take again (the episode's stream cannot).
            asked.add(new CjsRequest(observation, SchedulerDraws.deterministic(observation.decision()), memory));
            return a;
        }
    }

    @Override
    public Integer call() {
        if (warmup < 0) {
            throw new InvalidInputException("--warmup must be at least 0, got " + warmup);
        }
        for (int k : batches) {
            if (k < 1) {
                throw new InvalidInputException("--batch sizes must be at least 1, got " + k);
            }
        }
        if (batchRounds < 1) {
            throw new InvalidInputException("--batch-rounds must be at least 1, got " + batchRounds);
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
        List<Timed> played = new ArrayList<>();
        for (CjsScheduler s : runs) {
            Timed timed = new Timed(s);
            played.add(timed);
            long t = System.nanoTime();
            EpisodeResult r = CjsEpisode.play(setup, library, timed, false);
            double wall = (System.nanoTime() - t) / 1e9;
            List<Long> kept = timed.nanos.subList(Math.min(warmup, timed.nanos.size()), timed.nanos.size());
            double[] ms = kept.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
            String label = s instanceof NetllmCjsScheduler n ? n.passes().name().toLowerCase(Locale.ROOT) : "-";
            out.printf(Locale.ROOT, "%-8s %9d %9.2f %9.2f %9.2f %11.1f %10.3f%n", label, r.decisions(),
                    Percentile.ofSorted(ms, 0.5), Percentile.ofSorted(ms, 0.99), Arrays.stream(ms).average().orElse(Double.NaN), wall,
                    r.avgJctS());
            out.flush();
        }
        if (!batches.isEmpty()) {
            out.printf("%nBatches of K decisions of the episode (spread over it, each with its own context), one "
                    + "decideAll against K decides, alternating which goes first; %d rounds per K after 3 untimed%n",
                    batchRounds);
            out.printf("%-8s %5s %7s %14s %11s %8s %15s %12s%n", "passes", "K", "rounds", "one by one ms",
                    "batched ms", "speedup", "batched ms/dec", "same actions");
            for (Timed timed : played) {
                List<CjsRequest> asked = timed.asked.subList(Math.min(warmup, timed.asked.size()), timed.asked.size());
                for (int k : batches) {
                    if (asked.size() < k) {
                        throw new InvalidInputException("--batch " + k + " needs at least " + k + " decisions after "
                                + "the " + warmup + " left out; the episode has " + timed.asked.size());
                    }
                    timeBatches(timed.wrapped(), asked, k, out);
                }
            }
        }
        return 0;
    }

    /** One row: {@link #batchRounds} batches of {@code k} requests, each way, alternating which way goes first. */
    private void timeBatches(CjsScheduler s, List<CjsRequest> asked, int k, java.io.PrintWriter out) {
        long alone = 0;
        long together = 0;
        int same = 0;
        for (int round = -3; round < batchRounds; round++) {
            List<CjsRequest> batch = new ArrayList<>(k);
            int offset = Math.floorMod(round * 7, asked.size());
            for (int j = 0; j < k; j++) {
                batch.add(asked.get((offset + j * (asked.size() / k)) % asked.size()));
            }
            long[] nanos = new long[2];
            List<CjsAction> one = null;
            List<CjsAction> all = null;
            for (int order = 0; order < 2; order++) {
                boolean batched = (order == 0) == (Math.floorMod(round, 2) == 0);
                long t = System.nanoTime();
                if (batched) {
                    all = s.decideAll(batch);
                } else {
                    one = new ArrayList<>(k);
                    for (CjsRequest r : batch) {
                        one.add(s.decide(r.observation(), r.draws(), r.memory()));
                    }
                }
                nanos[batched ? 1 : 0] = System.nanoTime() - t;
            }
            if (round >= 0) {
                alone += nanos[0];
                together += nanos[1];
                same += one.equals(all) ? 1 : 0;
            }
        }
        double aloneMs = alone / 1e6 / batchRounds;
        double togetherMs = together / 1e6 / batchRounds;
        String label = s instanceof NetllmCjsScheduler n ? n.passes().name().toLowerCase(Locale.ROOT) : "-";
        out.printf(Locale.ROOT, "%-8s %5d %7d %14.2f %11.2f %7.2fx %15.2f %9d/%d%n", label, k, batchRounds, aloneMs,
                togetherMs, aloneMs / togetherMs, togetherMs / k, same, batchRounds);
        out.flush();
    }

}
