package org.netllm.cli.abr;

import org.netllm.adapt.ProgressBar;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.netllm.adapt.rl.ReturnConditionedPolicy;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Inference;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.emulation.stats.Percentile;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netllm abr latency}: in-process decision latency of a policy over whole sessions, one session at a time,
 * as p50/p99. The adapted model decides each session alone, so it reuses the session's key/value cache across the
 * session's steps; {@code --no-cache} times full recomputation of each decision's context instead, and
 * {@code --compare} times both, session by session in turn, so one run gives their ratio under the same load.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Measure a policy's in-process decision latency (p50, p99) over whole simulated sessions.")
public final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--policy", defaultValue = "netllm:default", paramLabel = "SPEC",
            description = "Policy spec, as for 'abr eval' (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--traces", defaultValue = "fcc-test", paramLabel = "NAME|DIR",
            description = "Traces whose sessions are played (default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--sessions", defaultValue = "10", paramLabel = "N",
            description = "Sessions to time, on the first N traces (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N",
            description = "Untimed sessions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--torch-threads", defaultValue = "2", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Option(names = "--no-cache",
            description = "Adapted model: recompute each decision's whole context instead of reusing the session's "
                    + "key/value cache.")
    boolean noCache;

    @Option(names = "--context", defaultValue = "sliding", paramLabel = "sliding|restart",
            converter = PolicySpecs.ContextChoice.class, description = "Adapted model's context: the last w steps (sliding: once full, every decision re-runs it,"
                    + " cache or not) or grow to w and restart from the last w/2 (restart: the cache is reused)"
                    + " (default: ${DEFAULT-VALUE}).")
    Context context;

    @Option(names = "--compare",
            description = "Adapted model: time both the key/value cache and full recomputation, alternating sessions, "
                    + "and print their ratio.")
    boolean compare;

    @Option(names = "--inference", split = ",", paramLabel = "PATH",
            description = "Adapted model: the ways of deciding to time, alternating sessions, each compared with the "
                    + "first: cache (the engine with the key/value cache), full (the engine recomputing each "
                    + "context), compiled (the Java forward with LoRA merged, sessions' states kept). Default: cache; "
                    + "--compare is cache,full.")
    List<String> inferencePaths;

    @Option(names = "--compiled-threads", defaultValue = "2", paramLabel = "N",
            description = "Threads of each compiled forward pass (default: ${DEFAULT-VALUE}).")
    int compiledThreads;

    @Override
    public Integer call() {
        if (sessions < 1 || warmup < 0 || torchThreads < 1) {
            throw new InvalidInputException("--sessions and --torch-threads must be at least 1 and --warmup at least 0");
        }
        if (compiledThreads < 1) {
            throw new InvalidInputException("--compiled-threads must be at least 1, got " + compiledThreads);
        }
        if (inferencePaths != null && (noCache || compare)) {
            throw new InvalidInputException("--inference names the paths to time; leave out --no-cache and --compare");
        }
        if (noCache && compare) {
            throw new InvalidInputException("--no-cache and --compare exclude each other: --compare times both paths");
        }
        boolean adapted = AbrPolicyRegistry.isModel(policy);
        if ((noCache || compare || inferencePaths != null) && !adapted) {
            throw new InvalidInputException("--no-cache and --compare choose how an adapted model decides; policy '"
                    + policy + "' is not one (use netllm:default or netllm:DIR)");
        }
        // Must be set before the engine starts: the first model load reads it.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
        List<Trace> traceList = TraceFiles.readDirectory(data.traces(traces));
        Video video = VideoLadder.read(data.video("envivio-dash3"), null);
        if (!adapted) {
            AbrPolicy p = PolicySpecs.registry().online(policy);
            Timings timings = time(traceList, video, List.of(p::newSession)).get(0);
            print(p.name(), timings);
            return 0;
        }
        AbrPolicyRegistry registry = PolicySpecs.registry();
        if (NetllmImitationPolicy.isImitation(AdapterCheckpoint.readConfig(registry.adapterDirectory(policy)))) {
            return imitation(traceList, video, NetllmImitationPolicy.load(registry.adapterDirectory(policy)));
        }
        var options = ModelOptions.DEFAULT.withContext(context);
        try (NetllmAbrPolicy p = PolicySpecs.registry(options).model(policy)) {
            ReturnConditionedPolicy inference = p.inference();
            inference.setCompiledThreads(compiledThreads);
            List<Inference> paths = inferencePaths != null ? inferencePaths.stream().map(LatencyCommand::path).toList()
                    : compare ? List.of(Inference.KV_CACHE, Inference.FULL_RECOMPUTE)
                    : List.of(noCache ? Inference.FULL_RECOMPUTE : Inference.KV_CACHE);
            List<Supplier<AbrController>> players = new ArrayList<>();
            for (Inference path : paths) {
                players.add(() -> {
                    inference.setInference(path);
                    return p.newSession();
                });
            }
            List<Timings> timings = time(traceList, video, players);
            for (int i = 0; i < paths.size(); i++) {
                print(p.name() + " (" + FixedChoice.spelling(context) + " context, " + describe(paths.get(i), inference) + ")",
                        timings.get(i));
            }
            if (inferencePaths != null) {
                printRatios(inferencePaths, timings);
            }
            if (compare) {
                Timings cached = timings.get(0);
                Timings full = timings.get(1);
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "full recomputation / key/value cache: p50 %.2fx, p99 %.2fx, mean %.2fx%n",
                        full.p50() / cached.p50(), full.p99() / cached.p99(), full.mean() / cached.mean());
            }
        }
        return 0;
    }

    /**
     * An imitation model (six state tokens, no context, so no cache): the engine's pass ({@code engine}) and the
     * compiled one ({@code compiled}), compared as the return-conditioned paths are.
     */
    private Integer imitation(List<Trace> traceList, Video video, NetllmImitationPolicy p) {
        try (p) {
            if (noCache || compare) {
                throw new InvalidInputException("an imitation model keeps no context, so no cache: time its paths with"
                        + " --inference engine,compiled");
            }
            List<String> names = inferencePaths != null ? inferencePaths : List.of("engine");
            List<NetllmImitationPolicy.Inference> paths = names.stream().map(name -> switch (name.trim()) {
                case "engine" -> NetllmImitationPolicy.Inference.ENGINE;
                case "compiled" -> NetllmImitationPolicy.Inference.COMPILED;
                default -> throw new InvalidInputException("unknown --inference path '" + name + "' for an imitation "
                        + "model (it keeps no context, so no cache); use engine or compiled");
            }).toList();
            List<Supplier<AbrController>> players = new ArrayList<>();
            boolean[] vectorised = new boolean[1];
            for (NetllmImitationPolicy.Inference path : paths) {
                players.add(() -> {
                    p.setInference(path, compiledThreads);
                    vectorised[0] |= p.compiledVectorised();
                    return p.newSession();
                });
            }
            List<Timings> timings = time(traceList, video, players);
            for (int i = 0; i < paths.size(); i++) {
                String how = paths.get(i) == NetllmImitationPolicy.Inference.ENGINE
                        ? "engine, one pass of the state tokens"
                        : "compiled Java forward, LoRA merged, " + (vectorised[0] ? "Vector API" : "plain loops") + ", "
                                + compiledThreads + " threads";
                print(p.name() + " (imitation, " + how + ")", timings.get(i));
            }
            printRatios(names, timings);
        }
        return 0;
    }


    private void printRatios(List<String> names, List<Timings> timings) {
        for (int i = 1; i < timings.size(); i++) {
            Timings first = timings.get(0);
            Timings other = timings.get(i);
            spec.commandLine().getOut().printf(Locale.ROOT, "%s / %s: p50 %.2fx, p99 %.2fx, mean %.2fx; "
                            + "%d of %d decisions the same level as %s's%n",
                    names.get(i), names.get(0), other.p50() / first.p50(), other.p99() / first.p99(),
                    other.mean() / first.mean(), sameLevels(first.levels(), other.levels()), first.levels().size(),
                    names.get(0));
        }
    }

    private String describe(Inference path, ReturnConditionedPolicy inference) {
        return switch (path) {
            case KV_CACHE -> "key/value cache across each session's steps";
            case FULL_RECOMPUTE -> "full recomputation of each decision's context";
            case COMPILED -> "compiled Java forward, LoRA merged, " + (inference.compiledVectorised()
                    ? "Vector API" : "plain loops") + ", " + compiledThreads + " threads";
        };
    }

    private static Inference path(String name) {
        return switch (name.trim()) {
            case "cache" -> Inference.KV_CACHE;
            case "full" -> Inference.FULL_RECOMPUTE;
            case "compiled" -> Inference.COMPILED;
            default -> throw new InvalidInputException("unknown --inference path '" + name
                    + "'; use cache, full or compiled");
        };
    }

    private static long sameLevels(List<Integer> a, List<Integer> b) {
        long same = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (a.get(i).equals(b.get(i))) {
                same++;
            }
        }
        return same;
    }

    /**
     * Decision times of one way of deciding, in milliseconds, sorted; and the levels it chose, in play order (each
     * way plays the same sessions, so the lists align).
     */
    private record Timings(double[] ms, List<Integer> levels) {

        double p50() {
            return Percentile.ofSorted(ms, 0.5);
        }

        double p99() {
            return Percentile.ofSorted(ms, 0.99);
        }

        double mean() {
            return Arrays.stream(ms).average().orElse(Double.NaN);
        }
    }

    /** Plays every session once with each player in turn (so load drifts hit all of them alike). */
    private List<Timings> time(List<Trace> traceList, Video video, List<Supplier<AbrController>> players) {
        List<List<Long>> nanos = new ArrayList<>();
        List<List<Integer>> levels = new ArrayList<>();
        players.forEach(player -> {
            nanos.add(new ArrayList<>());
            levels.add(new ArrayList<>());
        });
        ProgressBar bar = new ProgressBar("abr latency", (warmup + sessions) * players.size());
        for (int s = 0; s < warmup + sessions; s++) {
            Trace trace = traceList.get(s % traceList.size());
            for (int i = 0; i < players.size(); i++) {
                List<Integer> chosen = new ArrayList<>();
                List<Long> times = playTimed(players.get(i).get(), new AbrSimulator(trace, video, 1), video, chosen);
                if (s >= warmup) {
                    nanos.get(i).addAll(times);
                    levels.get(i).addAll(chosen);
                }
                bar.step();
            }
        }
        bar.finish();
        List<Timings> timings = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            timings.add(new Timings(nanos.get(i).stream().mapToDouble(t -> t / 1e6).sorted().toArray(),
                    levels.get(i)));
        }
        return timings;
    }

    private void print(String name, Timings timings) {
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%s: %d decisions over %d sessions, %d PyTorch threads: p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
                name, timings.ms().length, sessions, torchThreads, timings.p50(), timings.p99(), timings.mean());
    }

    /** Plays one session, timing each of the controller's decisions and noting its levels. */
    private static List<Long> playTimed(AbrController controller, AbrSimulator simulator, Video video,
                                        List<Integer> levels) {
        List<Long> times = new ArrayList<>();
        AbrSession.play(observation -> {
            long start = System.nanoTime();
            int level = controller.chooseLevel(observation);
            times.add(System.nanoTime() - start);
            levels.add(level);
            return level;
        }, simulator, video);
        return times;
    }
}
