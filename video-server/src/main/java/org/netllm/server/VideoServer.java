package org.netllm.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import org.netllm.actors.cluster.PolicyWorkers;
import org.netllm.actors.cluster.ShardedSessions;
import org.netllm.server.abr.AbrFailover;
import org.netllm.server.abr.CmcdMetrics;
import org.netllm.server.abr.CmcdSteering;
import org.netllm.server.abr.DecisionApiHandler;
import org.netllm.server.abr.SessionContent;
import org.netllm.server.abr.SessionList;
import org.netllm.server.abr.TimedPolicy;
import org.netllm.server.cjs.CjsLive;
import org.netllm.server.cjs.ClusterApiHandler;
import org.netllm.actors.cjs.JobScheduler;
import org.netllm.actors.cjs.ClusterBoard;
import org.netllm.actors.cjs.CjsClusters;
import org.netllm.server.vp.VpLive;
import org.netllm.server.vp.ViewportApiHandler;
import org.netllm.actors.vp.VpSessions;
import org.netllm.actors.vp.VpBoard;
import org.netllm.actors.vp.ViewportTracker;
import org.netllm.actors.ControlPlane;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.abr.StreamingClient;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.AbrSessions;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.SessionSettings;
import org.netllm.controller.abr.QoeModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live streaming server: DASH content, the player and dashboard pages, the ABR decision API backed by the
 * session actors, and Prometheus metrics, on one port. Start with {@link #start}, stop with {@link #close}.
 */
public final class VideoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoServer.class);

    private final ControlPlane actors;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final DashContent content;
    private final DecisionMetrics decisionMetrics;
    private final ServerMetrics serverMetrics;
    private final SessionBoard board;
    private final SegmentLog segments;
    private final SessionList list;
    private final Viewers viewers;
    private final Clusters clusters;
    private final Steering steering;
    private final Readiness readiness;

    /** The live viewport prediction part's state, for the API and tests. */
    public record Viewers(VpBoard board, DecisionMetrics metrics) {
    }

    /** The CMCD/CMSD steering of stock players, and its counters, for the API and tests. */
    public record Steering(CmcdSteering sessions, CmcdMetrics metrics) {
    }

    /** The live cluster scheduling part's state, for the API and tests. */
    public record Clusters(ClusterBoard board, DecisionMetrics metrics) {
    }

    private VideoServer(ControlPlane actors, EventLoopGroup boss, EventLoopGroup workers,
                        Channel channel, DashContent content, DecisionMetrics decisionMetrics,
                        ServerMetrics serverMetrics, SessionBoard board, SegmentLog segments, SessionList list,
                        Viewers viewers, Clusters clusters, Steering steering, Readiness readiness) {
        this.steering = steering;
        this.readiness = readiness;
        this.list = list;
        this.viewers = viewers;
        this.clusters = clusters;
        this.actors = actors;
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.content = content;
        this.decisionMetrics = decisionMetrics;
        this.serverMetrics = serverMetrics;
        this.board = board;
        this.segments = segments;
    }

    /** Reads the content directory, starts the actors and binds; content problems are InvalidInputExceptions. */
    public static VideoServer start(ServerConfig config) throws InterruptedException {
        DashContent content = DashContent.open(config.content());
        DecisionMetrics decisionMetrics = new DecisionMetrics("abr");
        ServerMetrics serverMetrics = new ServerMetrics();
        SessionBoard board = new SessionBoard();
        Optional<ClusterSettings> cluster = config.cluster();
        SessionOwners owners = cluster.isPresent()
                ? SessionOwners.signed(config.http().sessionsPerClient(),
                        id -> board.get(id).filter(view -> !view.finished()).isPresent(),
                        id -> board.get(id).isPresent(), cluster.get().tokenSecret())
                : new SessionOwners(config.http().sessionsPerClient(),
                        id -> board.get(id).filter(view -> !view.finished()).isPresent(),
                        id -> board.get(id).isPresent());
        SegmentLog segments = new SegmentLog(board, owners);
        SessionList list = new SessionList(board);
        ClientErrorLog log = ClientErrorLog.toSlf4j();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DecisionMetricsCollector(decisionMetrics, board::activeSessions));
        VpLive vp = config.viewports();
        DecisionMetrics vpMetrics = new DecisionMetrics("vp");
        VpBoard viewers = new VpBoard();
        SessionOwners viewerOwners = new SessionOwners(config.http().sessionsPerClient(),
                id -> viewers.get(id).isPresent(), id -> viewers.get(id).isPresent());
        registry.register(new DecisionMetricsCollector(vpMetrics, viewers::activeSessions));
        CjsLive cjs = config.clusters();
        DecisionMetrics cjsMetrics = new DecisionMetrics("cjs");
        ClusterBoard clusterBoard = new ClusterBoard();
        SessionOwners clusterOwners = new SessionOwners(config.http().sessionsPerClient(),
                id -> clusterBoard.get(id).filter(v -> !v.finished()).isPresent(),
                id -> clusterBoard.get(id).isPresent());
        registry.register(new DecisionMetricsCollector(cjsMetrics, clusterBoard::activeSessions));
        registry.register(serverMetrics);
        JvmMetrics.builder().register(registry);
        ConnectionLimit connectionLimit = new ConnectionLimit(config.http().maxConnections(), serverMetrics, log);
        SessionSettings settings = new SessionSettings(content.video(), config.fallback(), config.decisionDeadline(),
                config.idleTimeout(), QoeModel.LINEAR, config.maxSessions());
        ControlPlane actors = cluster.isPresent()
                ? ControlPlane.start(ClusterSettings.SYSTEM_NAME, cluster.get().config())
                : ControlPlane.start("netllm");
        // Each call of the policy on this node, timed (netllm_abr_policy_*), made again after every restart.
        TimedPolicy.declare(decisionMetrics);
        java.util.function.Supplier<org.netllm.actors.abr.BatchAbrPolicy> policy =
                () -> TimedPolicy.of(config.policy().get(), decisionMetrics);
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> abrSessions;
        Optional<AbrFailover> failover = Optional.empty();
        if (cluster.isPresent()) {
            // ABR sessions are sharded entities on the front nodes; their policy runs on the policy nodes. The VP and
            // CJS sessions stay on the node whose front door opened them.
            var task = AbrSessions.clusterTask(settings, policy, config.policyName(), config.batching(),
                    decisionMetrics, board);
            if (cluster.get().has(ClusterRole.POLICY)) {
                PolicyWorkers.startWorker(actors, task);
            }
            abrSessions = ShardedSessions.start(actors, task);
            failover = Optional.of(new AbrFailover(config.fallback(), content.video(), config.decisionDeadline()));
        } else {
            abrSessions = actors.spawn(AbrSessions.create(settings, policy, config.policyName(),
                    config.batching(), decisionMetrics, board), "abr-sessions");
        }
        Optional<AbrFailover> abrFailover = failover;
        // What a session may play besides the server's video; the policy says which ladders it can decide over.
        java.util.SortedMap<String, DashContent> titles = DashContent.titlesUnder(content.root());
        Map<String, org.netllm.controller.abr.Video> titleVideos = new java.util.TreeMap<>();
        Map<String, CmcdSteering.Title> steeredTitles = new java.util.HashMap<>();
        steeredTitles.put("", new CmcdSteering.Title(content.video(), content.audioKbps()));
        titles.forEach((name, title) -> {
            titleVideos.put(name, title.video());
            steeredTitles.put(name, new CmcdSteering.Title(title.video(), title.audioKbps()));
        });
        SessionContent sessionContent = new SessionContent(content.video(), titleVideos, config.policy().get());
        Readiness readiness = new Readiness();
        CmcdMetrics cmcdMetrics = new CmcdMetrics();
        registry.register(cmcdMetrics);
        CmcdSteering steering = new CmcdSteering(abrSessions, actors.scheduler(), board, owners, steeredTitles,
                config.policyName(), config.decisionDeadline(), config.maxSessions(),
                config.cmcd(), cmcdMetrics, readiness);
        ActorRef<SessionRegistry.Command<ViewportTracker.Command>> vpSessions = actors.spawn(
                VpSessions.create(vp.settings(), vp.predictor(), vp.name(), vp.batching(), vpMetrics, viewers),
                "vp-sessions");
        ActorRef<SessionRegistry.Command<JobScheduler.Command>> cjsClusters = actors.spawn(
                CjsClusters.create(cjs.settings(), cjs.policy(), cjs.scheduler(), cjs.batching(), cjsMetrics,
                        clusterBoard), "cjs-clusters");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            MetricsHandler metricsHandler = new MetricsHandler(registry);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // At most 16 KiB per read: what a pipelining client can make one connection hold in decoded
                    // requests waiting their turn.
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, 16 * 1024))
                    .childHandler(new VideoServerInitializer(content.root(), new BodyLimits(config.maxBodyBytes(),
                            Map.of(ClusterApiHandler.PREFIX,
                                    Math.max(config.maxBodyBytes(), ClusterApiHandler.MAX_BODY_BYTES),
                                    ViewportApiHandler.PREFIX,
                                    Math.max(config.maxBodyBytes(), ViewportApiHandler.MAX_BODY_BYTES))),
                            config.http(),
                            connectionLimit, log, serverMetrics, segments,
                            List.of(() -> new DecisionApiHandler(abrSessions, actors.scheduler(), board, segments,
                                            owners, list, config.access(), sessionContent, config.decisionDeadline(),
                                            abrFailover, steering, readiness),
                                    () -> new ViewportApiHandler(vpSessions, actors.scheduler(), viewers,
                                            viewerOwners, config.access(), vp, readiness),
                                    () -> new ClusterApiHandler(cjsClusters, actors.scheduler(), clusterBoard,
                                            clusterOwners, config.access(), cjs, readiness)),
                            metricsHandler, steering, new HealthHandler(readiness),
                            List.of(new ApiGate.Api(DecisionApiHandler.ROUTES, owners, config.access()),
                                    new ApiGate.Api(ViewportApiHandler.ROUTES, viewerOwners, config.access()),
                                    new ApiGate.Api(ClusterApiHandler.ROUTES, clusterOwners, config.access())),
                            config.cors()));
            Channel channel = bootstrap.bind(new InetSocketAddress(config.bindAddress(), config.port())).sync().channel();
            VideoServer server = new VideoServer(actors, boss, workers, channel, content, decisionMetrics,
                    serverMetrics, board, segments, list, new Viewers(viewers, vpMetrics),
                    new Clusters(clusterBoard, cjsMetrics), new Steering(steering, cmcdMetrics), readiness);
            LOG.info("serving [{}] with [{}] on [{}]", content.root(), config.policyName(), server.uri());
            return server;
        } catch (InterruptedException | RuntimeException e) {
            list.close();
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            actors.close();
            throw e;
        }
    }

    /** The base URL, as an IP literal (what a headless browser here can resolve). */
    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort());
    }

    /** The actor system (in cluster mode, this node of the cluster). */
    public ControlPlane controlPlane() {
        return actors;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public DashContent content() {
        return content;
    }

    public DecisionMetrics decisionMetrics() {
        return decisionMetrics;
    }

    public ServerMetrics serverMetrics() {
        return serverMetrics;
    }

    public SessionBoard sessions() {
        return board;
    }

    /** The clusters and their decision counters. */
    public Clusters clusters() {
        return clusters;
    }

    /** What {@code /readyz} answers from: register a model's warm-up here, and mark it done once warm. */
    public Readiness readiness() {
        return readiness;
    }

    /** The CMCD sessions (stock players steered by CMSD) and their counters. */
    public Steering steering() {
        return steering;
    }

    /** The viewer sessions and their decision counters. */
    public Viewers viewers() {
        return viewers;
    }

    public SegmentLog segments() {
        return segments;
    }

    /**
     * Drains before a stop: {@code /readyz} turns 503, no new session opens (API creates are 503 with
     * {@code Retry-After}, a new CMCD sid is served unsteered), and the requests already being answered (a decision
     * waiting for its policy, a segment being sent) are answered. Returns once no request is in flight, or when
     * {@code bound} has passed.
     *
     * @return whether every request in flight was answered within {@code bound}
     */
    public boolean drain(Duration bound) throws InterruptedException {
        readiness.closing();
        long until = System.nanoTime() + bound.toNanos();
        while (serverMetrics.requestsInFlight() > 0) {
            if (System.nanoTime() >= until) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Blocks until the server channel closes (the {@code serve} command's main thread). */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        readiness.closing();
        channel.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        list.close();
        actors.close();
        try {
            actors.awaitTermination(Duration.ofSeconds(10));
        } catch (TimeoutException e) {
            LOG.warn("the actor system did not stop within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
