package org.netllm.server.cjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.cjs.CjsClusters;
import org.netllm.actors.cjs.ClusterBoard;
import org.netllm.actors.cjs.ClusterMoment;
import org.netllm.actors.cjs.ClusterView;
import org.netllm.actors.cjs.JobScheduler;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.JobSequences;
import org.netllm.emulation.cjs.Randomness;
import org.netllm.server.ApiAccess;
import org.netllm.server.ApiHandler;
import org.netllm.server.ApiRoutes;
import org.netllm.server.Readiness;
import org.netllm.server.Responses;
import org.netllm.server.SessionOwners;
import org.netllm.server.StrictJson;

/**
 * The cluster job scheduling API: {@code POST /api/cjs/clusters} opens an external cluster (its manager then posts
 * observations to {@code .../decisions}) or, with {@code {"simulate": {...}}}, a simulated one that NetLLM's simulator
 * drives; {@code GET /api/cjs/clusters/{id}} shows its state and JCTs; {@code GET /api/cjs/clusters} lists summaries
 * (this machine, or the admin key). Not sharable: one per channel.
 */
public final class ClusterApiHandler extends ApiHandler<ClusterApiHandler.DecisionBody> {

    public static final String PREFIX = "/api/cjs/clusters";
    /**
     * The largest decision body: an observation carries every active job's DAG, 15 KB for a loaded 200-job cluster
     * with its clock fields, so the server's default limit for small reports would refuse real clusters.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Its routes, for the {@code ApiGate} that checks them from a request's head. */
    public static final ApiRoutes ROUTES = ApiRoutes.under(PREFIX, "[0-9a-f-]{36}", "decisions")
            .naming("cluster", "cluster list").documentedAs("CJS API", "cluster scheduling API")
            .opening("clusterId", "cluster registry");
    static final int MAX_SIMULATED_JOBS = 2000;
    static final int MAX_LISTED = 200;

    private final ActorRef<SessionRegistry.Command<JobScheduler.Command>> clusters;
    private final Scheduler scheduler;
    private final ClusterBoard board;
    private final CjsLive live;

    public ClusterApiHandler(ActorRef<SessionRegistry.Command<JobScheduler.Command>> clusters, Scheduler scheduler,
                             ClusterBoard board, SessionOwners owners, ApiAccess access, CjsLive live,
                             Readiness readiness) {
        super(ROUTES, owners, access, readiness);
        this.clusters = clusters;
        this.scheduler = scheduler;
        this.board = board;
        this.live = live;
    }

    @Override
    protected void create(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpRequest kept = Responses.headOf(request);
        Optional<SessionOwners.Reservation> slot = reserve(ctx);
        if (slot.isEmpty()) {
            Responses.errorRetryAfter(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, "this client already has its quota"
                    + " of live clusters; let one finish or expire", 5);
            return;
        }
        CompletionStage<SessionRegistry.OpenReply> reply;
        String kind;
        try {
            JsonNode body = request.content().isReadable()
                    ? StrictJson.object(request.content(), "nothing, or \"simulate\": {seed, jobs, executors, speedup}")
                    : null;
            JsonNode simulate = body == null ? null : body.get("simulate");
            if (simulate != null && !simulate.isObject()) {
                throw new StrictJson.BadJson("'simulate' must be an object {seed, jobs, executors, speedup, "
                        + "deterministic}");
            }
            if (simulate == null) {
                kind = "external";
                reply = AskPattern.ask(clusters, CjsClusters::openExternal, live.settings().idleTimeout(), scheduler);
            } else {
                if (!Files.isDirectory(live.settings().tpch())) {
                    cancel(slot.get());
                    Responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "this server has no TPC-H "
                            + "DAGs at " + live.settings().tpch() + "; start it with --data-dir pointing at the data");
                    return;
                }
                CjsEpisode.Setup episode = episode(simulate);
                double speedup = speedup(simulate);
                kind = "simulated";
                reply = AskPattern.ask(clusters, r -> CjsClusters.openSimulated(episode, speedup, r),
                        java.time.Duration.ofSeconds(10), scheduler);
            }
        } catch (StrictJson.BadJson e) {
            cancel(slot.get());
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        String opened = kind;
        answerOpen(ctx, kept, slot.get(), reply, body -> {
            body.put("kind", opened);
            body.put("scheduler", live.name());
            body.put("deadlineMs", live.settings().decisionDeadline().toMillis());
        });
    }

    private static CjsEpisode.Setup episode(JsonNode simulate) throws StrictJson.BadJson {
        long seed = StrictJson.integer(simulate, "seed", 0, Long.MAX_VALUE / 2);
        int jobs = simulate.has("jobs") ? (int) StrictJson.integer(simulate, "jobs", 1, MAX_SIMULATED_JOBS) : 200;
        int executors = simulate.has("executors")
                ? (int) StrictJson.integer(simulate, "executors", 1, ObservationJson.MAX_EXECUTORS) : 50;
        boolean deterministic = StrictJson.flag(simulate, "deterministic", false);
        CjsSimulator.Config config = CjsSimulator.Config.of(executors);
        if (!deterministic) {
            return CjsEpisode.generated(seed, jobs, config);
        }
        return new CjsEpisode.Setup(Long.toString(seed), JobSequences.generate(new java.util.SplittableRandom(seed),
                jobs), config, new Randomness.Deterministic());
    }

    private static double speedup(JsonNode simulate) throws StrictJson.BadJson {
        JsonNode value = simulate.get("speedup");
        if (value == null) {
            return 1;
        }
        if (value.isTextual() && value.asText().equals("flat")) {
            return Double.POSITIVE_INFINITY;
        }
        return StrictJson.number(simulate, "speedup", 0.001, 1e6);
    }

    /** A decision request's body: the observation, and the cluster's clock when it sends one. */
    record DecisionBody(CjsObservation observation, Optional<ClusterClock> clock) {
    }

    @Override
    protected DecisionBody actionBody(FullHttpRequest request) throws StrictJson.BadJson {
        JsonNode body = StrictJson.object(request.content(), "executors, committable, jobs, schedulable");
        CjsObservation observation = ObservationJson.parse(body, 0);
        return new DecisionBody(observation, ObservationJson.clock(body, observation));
    }

    @Override
    protected void act(ChannelHandlerContext ctx, FullHttpRequest request, String clusterId, DecisionBody decision) {
        CjsObservation observation = decision.observation();
        Optional<ClusterClock> clock = decision.clock();
        HttpRequest kept = Responses.headOf(request);
        CompletionStage<JobScheduler.DecideReply> reply = AskPattern.ask(clusters,
                r -> CjsClusters.decide(clusterId, observation, clock, r),
                live.settings().decisionDeadline().plusSeconds(5), scheduler);
        reply.whenCompleteAsync((answer, failure) -> {
            if (answer instanceof JobScheduler.Decided decided) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("stage", decided.action().stage());
                body.put("executors", decided.action().executors());
                body.put("decidedBy", decided.decidedBy());
                body.put("decisionMs", decided.decisionMs());
                Responses.json(ctx, kept, HttpResponseStatus.OK, body);
            } else if (answer instanceof JobScheduler.Rejected rejected) {
                HttpResponseStatus status = switch (rejected.problem()) {
                    case CONFLICT -> HttpResponseStatus.CONFLICT;
                    case INVALID_OBSERVATION -> HttpResponseStatus.BAD_REQUEST;
                    case UNKNOWN_SESSION -> HttpResponseStatus.NOT_FOUND;
                };
                Responses.error(ctx, kept, status, rejected.message());
            } else {
                Responses.error(ctx, kept, HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "the cluster did not answer in time; retry");
            }
        }, Responses.eventLoopOf(ctx));
    }

    @Override
    protected void read(ChannelHandlerContext ctx, FullHttpRequest request, String clusterId) {
        Optional<ClusterView> view = board.get(clusterId);
        if (view.isEmpty()) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "cluster " + clusterId + " has no state yet, "
                    + "or has expired; retry");
            return;
        }
        Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("cluster", summary(view.get()),
                "completedJctsS", view.get().completedJcts(), "timeline", timeline(view.get().timeline())));
    }

    /** The timeline by columns, each one of the dashboard's chart series; avgJctS is null before the first JCT. */
    static Map<String, Object> timeline(List<ClusterMoment> moments) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("atS", moments.stream().map(ClusterMoment::atS).toList());
        columns.put("decisions", moments.stream().map(ClusterMoment::decisions).toList());
        columns.put("fallbacks", moments.stream().map(ClusterMoment::fallbacks).toList());
        columns.put("jobsInSystem", moments.stream().map(ClusterMoment::jobsInSystem).toList());
        columns.put("avgJctS", moments.stream().map(m -> Double.isFinite(m.avgJctS()) ? m.avgJctS() : null).toList());
        columns.put("executorsByJob", moments.stream().map(ClusterMoment::executorsByJob).toList());
        return columns;
    }

    @Override
    protected void list(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target) {
        List<Map<String, Object>> rows = board.all().stream()
                .sorted(Comparator.comparingLong(ClusterView::startedAtEpochMs).reversed())
                .limit(MAX_LISTED).map(ClusterApiHandler::summary).toList();
        Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("clusters", rows, "live", board.activeSessions()));
    }

    private static Map<String, Object> summary(ClusterView v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", v.id());
        row.put("kind", v.kind());
        row.put("scheduler", v.scheduler());
        row.put("startedAtEpochMs", v.startedAtEpochMs());
        row.put("decisions", v.decisions());
        row.put("fallbacks", v.fallbacks());
        row.put("lateAnswersDropped", v.lateAnswersDropped());
        row.put("simulatedSeconds", v.simulatedMs() / 1000);
        row.put("jobs", v.jobs());
        row.put("jobsInSystem", v.jobsInSystem());
        row.put("jobsCompleted", v.completedJcts().size());
        row.put("avgJctS", Double.isFinite(v.avgJctS()) ? v.avgJctS() : null);
        row.put("jobTimeMs", Double.isFinite(v.jobTimeMs()) ? v.jobTimeMs() : null);
        row.put("executorsByJob", v.executorsByJob());
        row.put("finished", v.finished());
        return row;
    }
}
