package org.netllm.cli.load;

import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.netllm.actors.Batching;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import org.netllm.server.HttpLimits;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;

/**
 * A load generator for the decision API: many concurrent simulated players, each replaying Pensieve's simulator on
 * an FCC test trace, report every chunk over real HTTP on loopback to an in-process server and apply its answer.
 * Players run flat out (simulated time), so the figures are the server's decision capacity, not a playback rate.
 *
 * <p>{@code main [DATA_DIR [POLICY [SESSIONS...]]]} (POLICY: a classic name, or {@code netllm:ADAPTER_DIR}; decision deadline from
 * {@code -Dnetllm.load.deadlineMs}, default 100) runs 100 and 1,000 sessions (or the counts given) with batching
 * off and on, and prints one line per run.
 */
public final class DecisionLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One run.
     *
     * @param sessions      concurrent players
     * @param batching      how the policy actor groups decisions
     * @param batchingLabel its name in the report
     * @param policy        the controller's command-line name
     * @param deadline      the decision deadline
     * @param data          the data directory (abr/traces/fcc-test, abr/videos/envivio-dash3)
     */
    public record Settings(int sessions, Batching batching, String batchingLabel, String policy, Duration deadline,
                           Path data) {
    }

    private DecisionLoad() {
    }

    public static void main(String[] args) throws Exception {
        // With the common pool at its default size on a 2-core machine (parallelism 1), CompletableFuture's default
        // async executor starts a thread per task, and the JDK HTTP client hands every response to it.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        String policy = args.length > 1 ? args[1] : "robust-mpc";
        int[] counts = args.length > 2
                ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 1000};
        Batching on = Batching.of(Duration.ofMillis(2), 64);
        Duration deadline = Duration.ofMillis(Long.getLong("netllm.load.deadlineMs", 100));
        for (int sessions : counts) {
            for (boolean batched : new boolean[] {false, true}) {
                Settings settings = new Settings(sessions, batched ? on : Batching.OFF,
                        batched ? "on(2ms,64)" : "off", policy, deadline, data);
                System.out.println(run(settings).line());
            }
        }
    }

    public static LoadReport run(Settings settings) throws Exception {
        Video video = VideoFiles.read(settings.data().resolve("abr/videos/envivio-dash3"),
                VideoFiles.ENVIVIO_BITRATES_KBPS);
        List<Trace> traces = TraceFiles.readDirectory(settings.data().resolve("abr/traces/fcc-test"));
        Path content = SparseContent.write(video, Files.createTempDirectory("netllm-load-"));
        ServerConfig config;
        NetllmAbrPolicy model = null;
        // netllm:default is the project's committed adapter, relative to the working directory (the project root)
        AbrPolicyRegistry registry = new AbrPolicyRegistry(Path.of("models/default"), ModelOptions.DEFAULT);
        if (AbrPolicyRegistry.isModel(settings.policy())) {
            model = registry.model(settings.policy());
            NetllmAbrPolicy loaded = model;
            config = ServerConfig.of(0, content, loaded).withPolicy(() -> BatchAbrPolicy.model(loaded), loaded.name());
        } else {
            config = ServerConfig.of(0, content, registry.online(settings.policy()));
        }
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        // Every simulated player is on loopback, so one client address holds them all.
        try (VideoServer server = VideoServer.start(config.withBatching(settings.batching())
                .withDecisionDeadline(settings.deadline())
                .withHttpLimits(HttpLimits.DEFAULT.withSessionsPerClient(ServerConfig.DEFAULT_MAX_SESSIONS)))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI base = server.uri();
            Player[] players = new Player[settings.sessions()];
            long start = System.nanoTime();
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int i = 0; i < players.length; i++) {
                Trace trace = traces.get(i % traces.size());
                int pointer = 1 + (i * 7919) % (trace.length() - 1);
                players[i] = new Player(client, clientThreads, base, video, new AbrSimulator(trace, video, pointer));
                runs.add(players[i].run());
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            return report(settings, video, players, seconds);
        } finally {
            clientThreads.shutdownNow();
            if (model != null) {
                model.close();
            }
            try (Stream<Path> files = Files.walk(content)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static LoadReport report(Settings settings, Video video, Player[] players, double seconds) {
        long expected = (long) players.length * (video.chunkCount() - 1);
        long answered = 0;
        long fallbacks = 0;
        long errors = 0;
        double qoeSum = 0;
        int finished = 0;
        List<long[]> samples = new ArrayList<>();
        java.util.Map<String, Long> sources = new java.util.TreeMap<>();
        for (Player p : players) {
            p.sources.forEach((k, v) -> sources.merge(k, v, Long::sum));
            answered += p.answered;
            fallbacks += p.fallbacks;
            errors += p.errors.get();
            samples.add(Arrays.copyOf(p.latencyNanos, p.answered));
            if (!Double.isNaN(p.qoe)) {
                qoeSum += p.qoe;
                finished++;
            }
        }
        long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new LoadReport(players.length, settings.batchingLabel(), settings.policy(), expected, answered,
                fallbacks, sources.toString(), errors, seconds, answered / seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, finished == 0 ? Double.NaN : qoeSum / finished);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(index, 0)] / 1e6;
    }

    /** One simulated player: its own simulator, its session, one request at a time. */
    private static final class Player {
        private final HttpClient client;
        private final java.util.concurrent.Executor executor;
        private final URI base;
        private final AbrSimulator simulator;
        private final long[] latencyNanos;
        private final AtomicLong errors = new AtomicLong();
        private String sessionId;
        private String token = "";
        private double clockMs;
        private int answered;
        private long fallbacks;
        private final java.util.Map<String, Long> sources = new java.util.TreeMap<>();
        private double qoe = Double.NaN;

        Player(HttpClient client, java.util.concurrent.Executor executor, URI base, Video video,
               AbrSimulator simulator) {
            this.client = client;
            this.executor = executor;
            this.base = base;
            this.simulator = simulator;
            this.latencyNanos = new long[video.chunkCount()];
        }

        CompletableFuture<Void> run() {
            return post("/api/abr/sessions", "{}").thenComposeAsync(created -> {
                if (created.statusCode() != 201) {
                    errors.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }
                sessionId = read(created.body()).get("sessionId").asText();
                token = read(created.body()).get("token").asText();
                return fetchAndReport(read(created.body()).get("firstLevel").asInt());
            }, executor).exceptionally(failure -> {
                errors.incrementAndGet();
                return null;
            });
        }

        private CompletableFuture<Void> fetchAndReport(int level) {
            ChunkDownload chunk = simulator.download(level);
            double startMs = clockMs;
            clockMs += chunk.delayMs();
            String report = String.format(Locale.ROOT, "{\"index\":%d,\"level\":%d,\"bytes\":%d,\"requestStartMs\":%.3f,"
                            + "\"requestEndMs\":%.3f,\"bufferSeconds\":%.4f,\"stallMs\":%.3f}", chunk.index(),
                    chunk.level(), chunk.bytes(), startMs, clockMs, chunk.bufferMs() / 1000.0, chunk.rebufferMs());
            long sent = System.nanoTime();
            return post("/api/abr/sessions/" + sessionId + "/chunks", report).thenComposeAsync(response -> {
                long latency = System.nanoTime() - sent;
                if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                }
                JsonNode answer = read(response.body());
                if (answer.has("finished")) {
                    qoe = answer.get("qoe").get("qoe").asDouble();
                    return CompletableFuture.completedFuture(null);
                }
                latencyNanos[answered++] = latency;
                String source = answer.get("decidedBy").asText();
                sources.merge(source, 1L, Long::sum);
                if (!"policy".equals(source)) {
                    fallbacks++;
                }
                return fetchAndReport(answer.get("level").asInt());
            }, executor);
        }

        private CompletableFuture<HttpResponse<String>> post(String path, String body) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        }

        private static JsonNode read(String body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable answer: " + body, e);
            }
        }
    }
}
