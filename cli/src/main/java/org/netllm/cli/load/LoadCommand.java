package org.netllm.cli.load;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.netllm.server.vp.PredictorWarmUp;
import org.netllm.actors.Batching;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import org.netllm.cli.InferenceOptions;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.abr.PolicySpecs;
import org.netllm.cli.live.ServeCommand;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;
import org.netllm.server.HttpLimits;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import org.netllm.server.vp.VpLive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm load}: paced simulated clients against an in-process server over real HTTP on loopback. ABR players
 * replay Pensieve's simulator on test traces (a chunk takes the trace's time); viewers replay Jin2022 test head
 * traces at 5 Hz. Reports decisions per second, round trips, who answered (the policy within its deadline, or which
 * fallback) and lost decisions.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Paced load on the live control plane: N simulated ABR players or 360° viewers over real HTTP on "
                + "loopback, against an in-process server.",
            "Prints per run: decisions/s, p50/p99/p99.9 round trip, the share answered by the policy within the "
                + "deadline, by each fallback, and lost decisions."})
public final class LoadCommand implements Callable<Integer> {

    @Mixin
    DataDirectory data;

    @Option(names = "--task", defaultValue = "abr", description = "abr (players) or vp (viewers) (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--controller", defaultValue = "robust-mpc", paramLabel = "NAME",
            description = "ABR controller: bba, mpc, robust-mpc, rate, netllm:default, netllm:DIR (default: "
                    + "${DEFAULT-VALUE}).")
    String controller;

    @Option(names = "--predictor", defaultValue = "velocity", paramLabel = "NAME",
            description = "VP predictor: lr, velocity, track:default|DIR, netllm:default|DIR (default: "
                    + "${DEFAULT-VALUE}).")
    String predictor;

    @Option(names = "--sessions", defaultValue = "20", split = ",", paramLabel = "N[,N...]",
            description = "Concurrent clients; several counts run one after another (default: ${DEFAULT-VALUE}).")
    List<Integer> sessions;

    @Option(names = "--pace", defaultValue = "realtime", paramLabel = "realtime|xK|flat",
            description = "Client speed: real time, K times faster, or flat out (default: ${DEFAULT-VALUE}).")
    String pace;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "S",
            description = "Seconds each run lasts (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--stagger", paramLabel = "S",
            description = "Spread the clients' starts over this many seconds (default: one decision period at the "
                    + "pace: 4 s per ABR chunk, 0.2 s per VP sample).")
    Double stagger;

    @Option(names = "--deadline-ms", paramLabel = "MS",
            description = "Decision deadline (default: 100 for ABR, 150 for VP).")
    Long deadlineMs;

    @Option(names = "--batch-window-ms", paramLabel = "MS",
            description = "Batch concurrent decisions this long (default: 5 for a model, none for a classic rule).")
    Long batchWindowMs;

    @Mixin
    InferenceOptions inference;

    /**
     * The batched policies the server made during the current run (the policy actor's, and any the server asks for
     * its own checks), to sum a gate's counts after the run.
     */
    private final List<BatchAbrPolicy> served = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Option(names = "--max-batch", defaultValue = "64", description = "Largest batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--traces", defaultValue = "fcc-test", description = "ABR traces (default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--memory-every", paramLabel = "S",
            description = "Sample the process's memory (RSS, heap after GC, direct buffers, threads, open files) "
                    + "every S seconds and print its trend after warm-up: the soak check.")
    Double memoryEvery;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write runs.csv (one row per run) and, with --memory-every, memory-N.csv per run here.")
    Path outDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pace speed = Pace.parse(pace);
        if (!(duration > 0) || sessions.stream().anyMatch(n -> n < 1) || maxBatch < 1
                || stagger != null && !(stagger >= 0) || deadlineMs != null && deadlineMs < 1
                || batchWindowMs != null && batchWindowMs < 0 || memoryEvery != null && !(memoryEvery > 0)) {
            throw new InvalidInputException("--duration, --sessions, --max-batch, --deadline-ms and --memory-every "
                    + "must be positive, --stagger and --batch-window-ms at least 0");
        }
        if (outDir != null) {
            try {
                Files.createDirectories(outDir);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("--out " + outDir + ": cannot create the folder (" + e.getMessage()
                        + "); name a writable folder", e);
            }
        }
        inference.check();
        boolean vp = switch (task.strip()) {
            case "abr" -> false;
            case "vp" -> true;
            default -> throw new InvalidInputException("--task " + task + " is not abr or vp");
        };
        // With the common pool at its default size on a 2-core machine (parallelism 1), CompletableFuture's default
        // async executor starts a thread per task, and the JDK HTTP client hands every response to it.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        PrintWriter out = spec.commandLine().getOut();
        Video video = VideoFiles.read(data.video("envivio-dash3"), VideoFiles.ENVIVIO_BITRATES_KBPS);
        Path content = SparseContent.write(video, Files.createTempDirectory("netllm-load-"));
        try (Subject subject = vp ? viewportSubject(content) : abrSubject(content, video)) {
            List<String> rows = new ArrayList<>(List.of(LoadReport.CSV_HEADER));
            for (int n : sessions) {
                try (MemorySampler memory = memoryEvery == null ? null : MemorySampler.every(memoryEvery)) {
                    served.clear();
                    LoadReport report = run(subject, n, speed, video);
                    out.println(report.line());
                    // The machine may be shared: its load at the end of the run says what the figures competed with.
                    out.printf(Locale.ROOT, "    machine load average (1 min) at the end of the run: %.2f on %d cores%n",
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                            Runtime.getRuntime().availableProcessors());
                    if (inference.gate().isPresent()) {
                        long[] counts = new long[2];
                        for (BatchAbrPolicy policy : served) {
                            BatchAbrPolicy.gateCounts(policy).ifPresent(c -> {
                                counts[0] += c[0];
                                counts[1] += c[1];
                            });
                        }
                        out.printf(Locale.ROOT, "    gate %s: %d of the policy's %d decisions answered by the rule "
                                + "(%.1f%%)%n", inference.gate().get(), counts[0], counts[0] + counts[1],
                                100.0 * counts[0] / Math.max(1, counts[0] + counts[1]));
                    }
                    rows.add(report.csv());
                    if (memory != null) {
                        List<MemorySampler.Sample> samples = memory.samples();
                        out.println("    " + MemoryTrend.of(samples, sessionSeconds(subject, video, speed)).line());
                        if (outDir != null) {
                            List<String> lines = new ArrayList<>(List.of(MemorySampler.Sample.HEADER));
                            samples.forEach(sample -> lines.add(sample.csv()));
                            Files.write(outDir.resolve("memory-" + n + ".csv"), lines);
                        }
                    }
                    out.flush();
                }
            }
            if (outDir != null) {
                Files.write(outDir.resolve("runs.csv"), rows);
                out.println("wrote " + outDir.resolve("runs.csv"));
            }
        } finally {
            try (Stream<Path> files = Files.walk(content)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** What one command loads: its server configuration, what the clients replay, the model to free. */
    private record Subject(String task, String policy, ServerConfig config, List<Trace> abrTraces,
                           List<HeadTrace> headTraces, AutoCloseable owned) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (owned != null) {
                owned.close();
            }
        }
    }

    private Subject abrSubject(Path content, Video video) {
        List<Trace> abrTraces = TraceFiles.readDirectory(data.traces(traces));
        AbrPolicyRegistry registry = PolicySpecs.registry();
        boolean model = AbrPolicyRegistry.isModel(controller);
        ServerConfig config;
        AutoCloseable loaded = null;
        if (model && NetllmImitationPolicy.isImitation(AdapterCheckpoint.readConfig(
                registry.adapterDirectory(controller)))) {
            NetllmImitationPolicy m = NetllmImitationPolicy.load(registry.adapterDirectory(controller));
            loaded = m;
            inference.applyTo(m);
            ServeCommand.warmUp(m, m.task().levels());
            config = ServerConfig.of(0, content, m).withPolicy(gated(() -> BatchAbrPolicy.imitation(m)),
                    inference.gatedName(m.name()));
        } else if (model) {
            NetllmAbrPolicy m = registry.model(controller);
            loaded = m;
            inference.applyTo(m);
            ServeCommand.warmUp(m);
            config = ServerConfig.of(0, content, m).withPolicy(gated(() -> BatchAbrPolicy.model(m)),
                    inference.gatedName(m.name()));
        } else {
            AbrPolicy classic = registry.online(controller);
            config = ServerConfig.of(0, content, classic);
        }
        config = config.withBatching(batching(model))
                .withDecisionDeadline(Duration.ofMillis(deadlineMs == null ? 100 : deadlineMs))
                .withHttpLimits(loopbackLimits());
        return new Subject("abr", config.policyName(), config, abrTraces, List.of(), loaded);
    }

    /** The model's batched policy behind {@code --gate} when one is given; noted for its counts. */
    private Supplier<BatchAbrPolicy> gated(Supplier<BatchAbrPolicy> model) {
        return () -> {
            BatchAbrPolicy policy = inference.gated(model.get());
            served.add(policy);
            return policy;
        };
    }

    private Subject viewportSubject(Path content) {
        Path dataset = data.root().resolve("vp").resolve(VpSplit.JIN2022);
        List<HeadTrace> heads = HeadTraceFiles.read(dataset, VpSplit.of(VpSplit.JIN2022, VpSplit.Part.TEST));
        ViewportPredictor vpPredictor = VpPredictors.byName(predictor, DataDirectory.projectRoot());
        if (vpPredictor instanceof NetllmVpPredictor model) {
            inference.applyTo(model);
        }
        boolean model = !VpPredictors.CLASSIC.contains(predictor.strip());
        VpSessionSettings settings = VpSessionSettings.defaults(ServerConfig.DEFAULT_MAX_SESSIONS)
                .withDeadline(Duration.ofMillis(deadlineMs == null ? 150 : deadlineMs));
        VpLive live = VpLive.of(vpPredictor, ServerConfig.DEFAULT_MAX_SESSIONS).withSettings(settings)
                .withBatching(batching(model));
        if (model) {
            PredictorWarmUp.run(vpPredictor, settings.hw(), settings.pw(), Math.max(1, maxBatch));
        }
        AbrPolicy bba = PolicySpecs.registry().online("bba");
        ServerConfig config = ServerConfig.of(0, content, bba).withViewports(live).withHttpLimits(loopbackLimits());
        return new Subject("vp", vpPredictor.name(), config, List.of(), heads,
                vpPredictor instanceof AutoCloseable closeable ? closeable : null);
    }

    /** Wall seconds one client session lasts at the pace: a whole video, or the longest head trace at 5 Hz. */
    private static double sessionSeconds(Subject subject, Video video, Pace speed) {
        double simulatedMs = subject.task().equals("vp")
                ? subject.headTraces().stream().mapToInt(HeadTrace::length).max().orElse(0) * 200.0
                : video.chunkCount() * video.chunkSeconds() * 1000;
        return speed.wallMs(simulatedMs) / 1000.0;
    }

    private Batching batching(boolean model) {
        long window = batchWindowMs != null ? batchWindowMs : model ? 5 : 0;
        return window == 0 || maxBatch == 1 ? Batching.OFF : Batching.of(Duration.ofMillis(window), maxBatch);
    }

    /** Every simulated client is on loopback, so one client address holds them all. */
    private static HttpLimits loopbackLimits() {
        return HttpLimits.DEFAULT.withSessionsPerClient(ServerConfig.DEFAULT_MAX_SESSIONS)
                .withMaxConnections(ServerConfig.DEFAULT_MAX_SESSIONS);
    }

    private LoadReport run(Subject subject, int clients, Pace speed, Video video) throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        LoadStats stats = new LoadStats();
        try (VideoServer server = VideoServer.start(subject.config())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            LoadClient http = new LoadClient(client, server.uri(), timer, clientThreads);
            boolean vp = subject.task().equals("vp");
            double periodMs = vp ? 200 : video.chunkSeconds() * 1000;
            double spreadMs = stagger != null ? stagger * 1000 : speed.wallMs(periodMs);
            long start = System.nanoTime();
            long end = start + (long) (duration * 1e9);
            List<CompletableFuture<Void>> runs = new ArrayList<>(clients);
            for (int i = 0; i < clients; i++) {
                long offset = Math.round(spreadMs * i / clients);
                int first = i;
                runs.add(http.after(offset).thenCompose(v -> vp
                        ? new VpViewer(http, stats, subject.headTraces(), first, speed, end).run()
                        : new AbrPlayer(http, stats, video, subject.abrTraces(), first, speed, end).run()));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                    .get((long) duration + 120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            String batching = subject.config().batching().enabled() || vp && subject.config().viewports().batching()
                    .enabled() ? "on" : "off";
            return stats.report(subject.task(), subject.policy(), clients, speed, batching, seconds);
        } finally {
            clientThreads.shutdownNow();
            timer.shutdownNow();
        }
    }
}
