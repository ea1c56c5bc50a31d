package org.netllm.cli.live;

import org.netllm.cli.InferenceOptions;
import org.netllm.server.vp.PredictorWarmUp;
import org.netllm.server.Readiness;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netllm.server.cjs.CjsLive;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.server.vp.VpLive;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.netllm.actors.Batching;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.TestVideo;
import org.netllm.cli.abr.PolicySpecs;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.Trace;
import org.netllm.server.ApiAccess;
import org.netllm.server.HttpLimits;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import org.netllm.server.abr.PolicyNode;
import org.netllm.actors.cluster.ClusterMembership;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netllm serve}: the live streaming server with a controller deciding every player's bitrate. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a DASH video, the dash.js player (/player/index.html), the ABR decision API "
                + "(/api/abr/sessions), the 360° viewer (/viewer) and its viewport prediction API (/api/vp/sessions), "
                + "the cluster job scheduling API (/api/cjs/clusters), "
                + "Prometheus metrics (/metrics) and a live dashboard (/dashboard).",
            "Without --content it serves the default test video, generating it on first use into out/testbed-video "
                + "with testbed-scripts/make-video.sh (ffmpeg, a few minutes)."})
public final class ServeCommand implements Callable<Integer> {

    /** A model decides a batch in one forward pass, so a netllm controller batches unless told otherwise. */
    static final long MODEL_BATCH_WINDOW_MS = 5;

    @Mixin
    InferenceOptions inference;

    @Option(names = "--controller", defaultValue = "robust-mpc", paramLabel = "NAME",
            description = "bba, mpc, robust-mpc, rate (optionally NAME@eps=E), an adapted model: netllm:default or "
                    + "netllm:DIR, or a learned baseline: pensieve, genet, pensieve:DIR, genet:DIR "
                    + "(default: ${DEFAULT-VALUE}).")
    String controller;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--content", paramLabel = "DIR", description = "DASH folder made by testbed-scripts/make-video.sh.")
    Path content;

    @Option(names = "--deadline-ms", defaultValue = "100",
            description = "Decision deadline; past it the session's BBA fallback answers (default: ${DEFAULT-VALUE}).")
    long deadlineMs;

    @Option(names = "--batch-window-ms", defaultValue = "0",
            description = "Batch concurrent decisions for this long (0: none for classic controllers, "
                    + MODEL_BATCH_WINDOW_MS + " ms for netllm ones; default: ${DEFAULT-VALUE}).")
    long batchWindowMs;

    @Option(names = "--max-batch", defaultValue = "64", description = "Largest batch (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-connections", defaultValue = "4096",
            description = "Open connections allowed; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout-s", defaultValue = "60",
            description = "Close a connection with no traffic for this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--request-timeout-s", defaultValue = "10",
            description = "Close a connection whose request has not arrived whole this long after its first byte "
                    + "(default: ${DEFAULT-VALUE}).")
    long requestTimeoutSeconds;

    @Option(names = "--sessions-per-client", defaultValue = "64",
            description = "Live sessions one client address may hold; more are answered 429 (default: ${DEFAULT-VALUE}).")
    int sessionsPerClient;

    @Option(names = "--vp-predictor", defaultValue = "velocity", paramLabel = "NAME",
            description = "The live viewport predictor behind /api/vp/sessions and the 360° viewer (/viewer): lr, "
                    + "velocity, their -unwrapped variants, track:default|DIR or netllm:default|DIR "
                    + "(default: ${DEFAULT-VALUE}).")
    String vpPredictor;

    @Option(names = "--vp-deadline-ms", defaultValue = "150",
            description = "Viewport decision deadline, under the 200 ms sample period; past it the viewer's "
                    + "Velocity fallback answers (default: ${DEFAULT-VALUE}).")
    long vpDeadlineMs;

    @Option(names = "--vp-windows", defaultValue = "10,20", paramLabel = "HW,PW",
            description = "Samples of history a prediction needs and samples predicted, at 5 Hz (default: "
                    + "${DEFAULT-VALUE}).")
    String vpWindows;

    @Option(names = "--cjs-scheduler", defaultValue = "decima", paramLabel = "NAME",
            description = "The live cluster job scheduler behind /api/cjs/clusters: fifo, spark-fifo, fair, decima, "
                    + "netllm:default, netllm:DIR, decima-greedy (default: ${DEFAULT-VALUE}); past its deadline the Fair "
                    + "rule answers.")
    String cjsScheduler;

    @Option(names = "--cjs-deadline-ms", defaultValue = "100",
            description = "Cluster scheduling decision deadline (default: ${DEFAULT-VALUE}).")
    long cjsDeadlineMs;

    @picocli.CommandLine.Mixin
    DataDirectory data;

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = "--cmcd-strict",
            description = "Answer 400 to a content request whose CMCD does not read (for testing a player's CMCD); "
                    + "by default such keys are ignored and counted (netllm_cmcd_malformed_total).")
    boolean cmcdStrict;

    @Option(names = "--drain-s", defaultValue = "10", paramLabel = "S",
            description = "On SIGTERM, how long to wait for the requests in flight (decisions, segments) to be answered "
                    + "before stopping; no new session opens meanwhile and /readyz is 503 (default: ${DEFAULT-VALUE}).")
    long drainS;

    @Option(names = "--cors-allow", split = ",", paramLabel = "ORIGIN",
            description = "Lets pages of these origins (scheme://host[:port], comma-separated) call the server from a "
                    + "browser (CORS: preflight answered, responses name the origin, CMSD headers exposed); none by "
                    + "default. A wildcard is refused.")
    java.util.List<String> corsAllow;

    @Option(names = "--admin-key", paramLabel = "KEY",
            description = "Lets other machines read the session list and dashboard with Authorization: Bearer KEY "
                    + "(the dashboard: /dashboard#key=KEY); without it only this machine (loopback) may.")
    String adminKey;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = configBeforeWarmUp();
        if (config.cluster().isPresent() && !config.cluster().get().has(ClusterRole.FRONT)) {
            runWarmUps();
            return servePolicyOnly(config);
        }
        VideoServer server;
        try {
            server = VideoServer.start(config);
        } catch (Exception e) {
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
                throw new InvalidInputException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); choose another --port");
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainAndClose(server), "netllm-serve-shutdown"));
        // Listening already: /healthz answers, /readyz is 503 until every model is warm.
        for (Map.Entry<String, Runnable> warmUp : warmUps.entrySet()) {
            Readiness.Pending pending = server.readiness().waitFor("warming up " + warmUp.getKey());
            warmUp.getValue().run();
            pending.done();
        }
        warmUps.clear();
        System.out.println("netllm serve: " + server.content().video() + " from " + server.content().root());
        Batching batching = config.batching();
        System.out.println("  controller " + config.policyName() + ", deadline " + deadlineMs + " ms, fallback bba, "
                + "batching " + (batching.enabled() ? batching.window().toMillis() + " ms / " + maxBatch : "off"));
        System.out.println("  player     " + server.uri() + "/player/index.html");
        System.out.println("  dashboard  " + server.uri() + "/dashboard");
        System.out.println("  metrics    " + server.uri() + "/metrics   (health: /healthz, /readyz)");
        System.out.println("  API        " + server.uri() + "/api/abr/sessions   (Ctrl-C stops)");
        if (config.cluster().isPresent()) {
            describe(config.cluster().get());
            ClusterMembership.watch(server.controlPlane(), line -> System.out.println("  cluster    " + line));
        }
        System.out.flush();
        server.awaitClose();
        return 0;
    }

    /**
     * SIGTERM (or Ctrl-C): no new sessions, the requests in flight answered within --drain-s, then the server closes
     * (its event loops within 2 s, its actors within 10 s).
     */
    private void drainAndClose(VideoServer server) {
        try {
            int inFlight = server.serverMetrics().requestsInFlight();
            System.err.println("netllm serve: draining (" + inFlight + " request(s) in flight, at most " + drainS
                    + " s), then stopping");
            if (!server.drain(Duration.ofSeconds(drainS))) {
                System.err.println("netllm serve: " + server.serverMetrics().requestsInFlight() + " request(s) still "
                        + "in flight after " + drainS + " s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    private int servePolicyOnly(ServerConfig config) throws Exception {
        PolicyNode node;
        try {
            node = PolicyNode.start(config);
        } catch (Exception e) {
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
                throw new InvalidInputException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); choose another --port");
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "netllm-serve-shutdown"));
        System.out.println("netllm serve: policy worker " + config.policyName() + " (no front door)");
        System.out.println("  metrics    " + node.operations().uri() + "/metrics   (health: /healthz, /readyz)");
        describe(config.cluster().get());
        ClusterMembership.watch(node.controlPlane(), line -> System.out.println("  cluster    " + line));
        System.out.flush();
        node.awaitTermination();
        return 0;
    }

    private static void describe(ClusterSettings settings) {
        System.out.println("  cluster    node " + settings.canonical() + ", roles " + settings.roles().stream()
                .map(ClusterRole::label).sorted().toList() + ", seeds " + settings.seedNodes());
    }

    /**
     * The server these options describe: an adapted model loads once and decides each batch in one forward pass;
     * without --content, the default test video (made on first use).
     */
    public ServerConfig serverConfig() throws IOException, InterruptedException {
        ServerConfig config = configBeforeWarmUp();
        runWarmUps();
        return config;
    }

    /** Models' warm-ups the last configuration needs, by what they warm; run before serving or under /readyz. */
    private final Map<String, Runnable> warmUps = new LinkedHashMap<>();

    private void runWarmUps() {
        warmUps.values().forEach(Runnable::run);
        warmUps.clear();
    }

    private ServerConfig configBeforeWarmUp() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new InvalidInputException("--port " + port + " is outside 0..65535");
        }
        if (drainS < 0 || drainS > 3600) {
            throw new InvalidInputException("--drain-s must be in 0..3600, got " + drainS);
        }
        if (deadlineMs < 1) {
            throw new InvalidInputException("--deadline-ms must be at least 1, got " + deadlineMs);
        }
        if (batchWindowMs < 0 || maxBatch < 1) {
            throw new InvalidInputException("--batch-window-ms must be >= 0 and --max-batch >= 1");
        }
        // Checked before a model loads: a taken cluster port or a bad seed list fails at once.
        java.util.Optional<ClusterSettings> clusterSettings = cluster.settings(bind);
        boolean model = AbrPolicyRegistry.isModel(controller);
        AbrPolicy policy;
        Supplier<BatchAbrPolicy> batched;
        if (model) {
            // Loaded once; a restart of the policy actor starts fresh session contexts over the same weights.
            inference.check();
            if (NetllmImitationPolicy.isImitation(AdapterCheckpoint.readConfig(
                    PolicySpecs.registry().adapterDirectory(controller)))) {
                NetllmImitationPolicy loaded = NetllmImitationPolicy.load(
                        PolicySpecs.registry().adapterDirectory(controller));
                inference.applyTo(loaded);
                warmUps.put(controller, () -> warmUp(loaded, loaded.task().levels()));
                policy = loaded;
                batched = () -> inference.gated(BatchAbrPolicy.imitation(loaded));
            } else {
                NetllmAbrPolicy loaded = PolicySpecs.registry().model(controller);
                inference.applyTo(loaded);
                warmUps.put(controller, () -> warmUp(loaded));
                policy = loaded;
                batched = () -> inference.gated(BatchAbrPolicy.model(loaded));
            }
        } else {
            AbrPolicy classic = PolicySpecs.registry().online(controller);
            policy = classic;
            batched = () -> BatchAbrPolicy.perSession(classic);
        }
        long window = batchWindowMs == 0 && model ? MODEL_BATCH_WINDOW_MS : batchWindowMs;
        Batching batching = window == 0 || maxBatch == 1 ? Batching.OFF
                : Batching.of(Duration.ofMillis(window), maxBatch);
        // Every other option is checked before the test video is made: a typo must not cost minutes of ffmpeg.
        HttpLimits limits = httpLimits();
        ApiAccess access = access();
        org.netllm.server.CorsPolicy cors = cors();
        InetAddress address = address(bind);
        VpLive viewports = viewports();
        CjsLive clusters = clusters();
        Path dir = content != null ? content : TestVideo.ensure(DataDirectory.projectRoot());
        ServerConfig.Builder builder = new ServerConfig.Builder(dir, batched, model ? inference.gatedName(policy.name()) : policy.name())
                .bindAddress(address)
                .port(port)
                .batching(batching)
                .decisionDeadline(Duration.ofMillis(deadlineMs))
                .http(limits)
                .access(access)
                .viewports(viewports)
                .clusters(clusters)
                .cmcd(cmcdStrict ? org.netllm.server.abr.CmcdSteering.Mode.STRICT
                        : org.netllm.server.abr.CmcdSteering.Mode.LENIENT)
                .cors(cors);
        clusterSettings.ifPresent(builder::cluster);
        return builder.build();
    }

    private CjsLive clusters() {
        if (cjsDeadlineMs < 1) {
            throw new InvalidInputException("--cjs-deadline-ms must be at least 1, got " + cjsDeadlineMs);
        }
        Path cjs = data.root().resolve("cjs");
        CjsScheduler scheduler = org.netllm.cli.cjs.CjsSchedulerRegistry.live(
                org.netllm.cli.cjs.CjsSchedulerRegistry.of(cjs).resolve(cjsScheduler.strip()), "--cjs-scheduler");
        CjsLive live = CjsLive.of(scheduler, cjs.resolve("tpch"), 1000).withSettings(
                CjsSessionSettings.defaults(cjs.resolve("tpch"), 1000).withDeadline(Duration.ofMillis(cjsDeadlineMs)));
        // The adapted model answers concurrent clusters in one batched pass; a classic rule gains nothing by waiting.
        return scheduler instanceof org.netllm.controller.cjs.learned.NetllmCjsScheduler
                ? live.withBatching(CjsLive.MODEL_BATCHING) : live;
    }

    private VpLive viewports() {
        if (vpDeadlineMs < 1) {
            throw new InvalidInputException("--vp-deadline-ms must be at least 1, got " + vpDeadlineMs);
        }
        String[] windows = vpWindows.split(",");
        int hw;
        int pw;
        try {
            hw = Integer.parseInt(windows[0].strip());
            pw = Integer.parseInt(windows.length == 2 ? windows[1].strip() : "x");
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--vp-windows " + vpWindows + " is not HW,PW (two integers, e.g. 10,20)");
        }
        VpSamples.check(hw, pw);
        ViewportPredictor predictor = VpPredictors.byName(vpPredictor, DataDirectory.projectRoot());
        VpLive live = VpLive.of(predictor, ServerConfig.DEFAULT_MAX_SESSIONS).withSettings(
                VpSessionSettings.defaults(ServerConfig.DEFAULT_MAX_SESSIONS).withWindows(hw, pw)
                        .withDeadline(Duration.ofMillis(vpDeadlineMs)));
        if (VpPredictors.CLASSIC.contains(vpPredictor.strip())) {
            return live;
        }
        // A learned predictor answers a batch of viewers in one forward pass; warmed at every batch size first.
        int h = hw;
        warmUps.put(vpPredictor, () -> PredictorWarmUp.run(predictor, h, pw, VpLive.MODEL_BATCHING.maxBatch()));
        return live.withBatching(VpLive.MODEL_BATCHING);
    }

    private HttpLimits httpLimits() {
        if (maxConnections < 1 || idleTimeoutSeconds < 1 || requestTimeoutSeconds < 1 || sessionsPerClient < 1) {
            throw new InvalidInputException("--max-connections, --idle-timeout-s, --request-timeout-s and "
                    + "--sessions-per-client must each be at least 1");
        }
        return new HttpLimits(maxConnections, Duration.ofSeconds(idleTimeoutSeconds),
                Duration.ofSeconds(requestTimeoutSeconds), sessionsPerClient);
    }

    private org.netllm.server.CorsPolicy cors() {
        if (corsAllow == null || corsAllow.isEmpty()) {
            return org.netllm.server.CorsPolicy.NONE;
        }
        try {
            return new org.netllm.server.CorsPolicy(corsAllow);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--cors-allow: " + e.getMessage());
        }
    }

    private ApiAccess access() {
        if (adminKey == null) {
            return ApiAccess.LOOPBACK_ONLY;
        }
        if (adminKey.length() < 16) {
            throw new InvalidInputException("--admin-key needs at least 16 characters (it guards every session)");
        }
        return new ApiAccess(java.util.Optional.of(adminKey));
    }

    /**
     * Plays two simulated sessions before the server opens. PyTorch's first passes at each context length are many
     * times slower than later ones, so a cold model misses the decision deadline and the fallback would answer the
     * first live sessions.
     */
    public static void warmUp(NetllmAbrPolicy model) {
        warmUp(model, model.settings().bitratesKbps());
    }

    /** Plays two simulated sessions of an imitation model over a ladder of {@code levels} levels (see above). */
    public static void warmUp(NetllmImitationPolicy model, int levels) {
        int[] ladder = new int[levels];
        for (int level = 0; level < levels; level++) {
            ladder[level] = 300 * (level + 1);
        }
        warmUp(model, ladder);
    }

    private static void warmUp(AbrPolicy model, int[] ladder) {
        long[][] chunkBytes = new long[ladder.length][48];
        for (int level = 0; level < ladder.length; level++) {
            java.util.Arrays.fill(chunkBytes[level], ladder[level] * 1000L * 4 / 8);
        }
        Video video = new Video("warm-up", ladder, chunkBytes, 4.0);
        Trace trace = new Trace("warm-up", new double[] {0, 1000}, new double[] {3.0, 3.0});
        for (int session = 0; session < 2; session++) {
            AbrSession.play(model.newSession(), trace, video, 1);
        }
    }

    private static InetAddress address(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--bind " + bind + " is not an address of this machine; use e.g. "
                    + "127.0.0.1");
        }
    }
}
