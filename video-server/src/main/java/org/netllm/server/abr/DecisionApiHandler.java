package org.netllm.server.abr;

import org.netllm.server.ApiAccess;
import org.netllm.server.ApiHandler;
import org.netllm.server.ApiRoutes;
import org.netllm.server.Readiness;
import org.netllm.server.Responses;
import org.netllm.server.SegmentLog;
import org.netllm.server.SessionOwners;
import org.netllm.server.StrictJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.abr.AbrSessions;
import org.netllm.actors.abr.ChunkReport;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.SessionView;
import org.netllm.actors.abr.StreamingClient;
import org.netllm.controller.abr.Video;

/**
 * The ABR decision API under {@value #PREFIX} (schema in video-server/README.md). Client mistakes are answered 4xx
 * with a JSON error; the event loop never waits: requests go to the actors with {@code ask} and the response is
 * written when the answer completes, on the channel's own event loop. (Pekko's Java futures run plain
 * {@code whenComplete} callbacks on the common pool, which on a 2-core machine means a new thread per callback.)
 * A session belongs to its creator: the create call returns a token that reports and reads must present.
 *
 * <p>In cluster mode ({@link AbrFailover} given) the sessions are sharded entities that may be on another node: a
 * session that lost its history with its node gets the reports this front door kept ({@code Resume}), and a session
 * that does not answer in time (its node died and is not yet downed) is answered here by the fallback, so a player
 * never sees a 5xx or a missing answer for it.
 */
public final class DecisionApiHandler extends ApiHandler<ChunkReport> {

    static final String PREFIX = "/api/abr/sessions";
    /** Its routes, for the {@code ApiGate} that checks them from a request's head. */
    public static final ApiRoutes ROUTES = ApiRoutes.under(PREFIX, "[A-Za-z0-9-]{1,64}", "chunks")
            .naming("session", "session list").documentedAs("API", "decision API")
            .opening("sessionId", "session registry").withTrailingSlash(ApiRoutes.TrailingSlash.COLLECTION);
    private static final List<String> REPORT_FIELDS =
            List.of("index", "level", "bytes", "requestStartMs", "requestEndMs", "bufferSeconds", "stallMs");
    // Sane magnitudes: past these a value is a client bug or an attack, not a measurement (400, not 422).
    static final double MAX_TIMESTAMP_MS = 1e13;
    static final double MAX_DOWNLOAD_MS = 600_000;
    static final double MAX_BUFFER_SECONDS = 86_400;
    static final double MAX_STALL_MS = 86_400_000;
    static final long MAX_BYTES = 1L << 40;

    private final ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions;
    private final Scheduler scheduler;
    private final SessionBoard board;
    private final SegmentLog segments;
    private final SessionList list;
    private final SessionContent content;
    private final Duration askTimeout;
    private final Duration reportTimeout;
    private final Optional<AbrFailover> failover;
    private final CmcdSteering steering;

    public DecisionApiHandler(ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions, Scheduler scheduler,
                       SessionBoard board,
                       SegmentLog segments, SessionOwners owners, SessionList list, ApiAccess access, SessionContent content,
                       Duration decisionDeadline, Optional<AbrFailover> failover, CmcdSteering steering,
                              Readiness readiness) {
        super(ROUTES, owners, access, readiness);
        this.steering = steering;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.board = board;
        this.segments = segments;
        this.list = list;
        this.content = content;
        // The session answers by its deadline (fallback included); the margin covers a busy actor system.
        this.askTimeout = decisionDeadline.plusSeconds(5);
        // In cluster mode a session may be on a dead node: the front door answers itself after a shorter wait.
        this.reportTimeout = failover.map(AbrFailover::sessionTimeout).orElse(askTimeout);
        this.failover = failover;
    }

    @Override
    protected void list(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target) {
        List<String> sids = target.parameters().getOrDefault("sid", List.of());
        if (!sids.isEmpty()) {
            String cid = target.parameters().getOrDefault("cid", List.of("")).get(0);
            Optional<String> id = steering.sessionOf(cid, sids.get(0));
            if (id.isEmpty()) {
                Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no session was opened for CMCD sid "
                        + sids.get(0) + (cid.isEmpty() ? "" : " and cid " + cid) + " (a player's media request with "
                        + "that CMCD sid opens one)");
                return;
            }
            Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("sessionId", id.get()));
            return;
        }
        int limit = SessionList.DEFAULT_LIMIT;
        List<String> limits = target.parameters().getOrDefault("limit", List.of());
        if (!limits.isEmpty()) {
            try {
                limit = Integer.parseInt(limits.get(0));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > SessionList.MAX_LIMIT) {
                Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "limit must be an integer in 1.." + SessionList.MAX_LIMIT + ", got " + limits.get(0));
                return;
            }
        }
        List<String> after = target.parameters().getOrDefault("after", List.of());
        list.answer(ctx, request, limit, after.isEmpty() ? null : after.get(0));
    }

    @Override
    protected void create(ChannelHandlerContext ctx, FullHttpRequest request) {
        int firstChunk = 0;
        Optional<Video> requested = Optional.empty();
        if (request.content().isReadable()) {
            try {
                JsonNode body = StrictJson.object(request.content(), "an optional firstChunk, and a title or a ladder");
                for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!List.of("firstChunk", "title", "ladder").contains(name)) {
                        throw new StrictJson.BadJson("unknown field '" + name + "'");
                    }
                }
                requested = content.requested(body);
                Video chosen = requested.orElse(content.video());
                if (body.has("firstChunk")) {
                    firstChunk = (int) StrictJson.integer(body, "firstChunk", 0, chosen.chunkCount() - 1);
                }
            } catch (StrictJson.BadJson e) {
                Responses.error(ctx, request, e.status(), e.getMessage() + " (the body is optional: {}, "
                        + "{\"firstChunk\": K} to carry on from chunk K, \"title\" or \"ladder\" to play another video)");
                return;
            } catch (SessionContent.Unservable e) {
                Responses.error(ctx, request, HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                return;
            }
        }
        Optional<SessionOwners.Reservation> slot = reserve(ctx);
        if (slot.isEmpty()) {
            var response = Responses.full(HttpResponseStatus.TOO_MANY_REQUESTS, Responses.JSON_TYPE,
                    ("{\"error\":\"this client already has its quota of live sessions; finish or abandon one (it "
                            + "expires when idle)\",\"status\":429}").getBytes());
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            Responses.send(ctx, request, response);
            return;
        }
        HttpRequest kept = Responses.headOf(request);
        int first = firstChunk;
        Video video = requested.orElse(content.video());
        Optional<Video> played = requested;
        CompletionStage<SessionRegistry.OpenReply> reply = AskPattern.ask(sessions,
                replyTo -> played.isPresent() ? AbrSessions.open(first, played.get(), replyTo)
                        : AbrSessions.open(first, replyTo), askTimeout, scheduler);
        answerOpen(ctx, kept, slot.get(), reply, body -> {
            body.put("firstChunk", first);
            body.put("firstLevel", AbrSessions.FIRST_LEVEL);
            body.put("bitratesKbps", video.bitratesKbps());
            body.put("chunkSeconds", video.chunkSeconds());
            body.put("chunkCount", video.chunkCount());
            body.put("video", video.name());
        });
    }

    @Override
    protected ChunkReport actionBody(FullHttpRequest request) throws StrictJson.BadJson {
        return parseReport(request.content());
    }

    @Override
    protected void act(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId, ChunkReport report) {
        HttpRequest kept = Responses.headOf(request);
        CompletionStage<StreamingClient.ReportReply> reply = AskPattern.ask(sessions,
                replyTo -> AbrSessions.report(sessionId, report, replyTo), reportTimeout, scheduler);
        if (failover.isEmpty()) {
            reply.whenCompleteAsync((answer, failure) -> writeReportReply(ctx, kept, answer),
                    Responses.eventLoopOf(ctx));
            return;
        }
        AbrFailover door = failover.get();
        long sent = System.nanoTime();
        reply.thenCompose(answer -> outOfStep(answer)
                        ? AskPattern.<SessionRegistry.Command<StreamingClient.Command>, StreamingClient.ReportReply>ask(
                                sessions, replyTo -> AbrSessions.resume(sessionId, door.withKept(sessionId, report),
                                        replyTo), reportTimeout, scheduler)
                        : java.util.concurrent.CompletableFuture.completedFuture(answer))
                .whenCompleteAsync((answer, failure) -> {
                    if (answer instanceof StreamingClient.NextLevel) {
                        door.remember(sessionId, report);
                    } else if (answer instanceof StreamingClient.Finished) {
                        door.forget(sessionId);
                    } else if (!(answer instanceof StreamingClient.Rejected) || outOfStep(answer)) {
                        answer = answerHere(door, sessionId, report, (System.nanoTime() - sent) / 1e6);
                    }
                    writeReportReply(ctx, kept, answer);
                }, Responses.eventLoopOf(ctx));
    }

    /**
     * The session lost its history (started again on a new node) or is out of step with the player (it missed
     * reports this front door answered while it was unreachable or slow): a {@code Resume} of the kept reports
     * brings it back in step; if it still is not, the front door answers.
     */
    private static boolean outOfStep(StreamingClient.ReportReply answer) {
        return answer instanceof StreamingClient.Rejected rejected
                && (rejected.problem() == StreamingClient.Problem.LOST_HISTORY
                        || rejected.problem() == StreamingClient.Problem.CONFLICT);
    }

    /** The session did not answer in time (its node is gone): the fallback over the kept reports answers. */
    private static StreamingClient.ReportReply answerHere(AbrFailover door, String sessionId, ChunkReport report,
                                                          double waitedMs) {
        if (door.last(report)) {
            door.forget(sessionId);
            return new StreamingClient.Finished(org.netllm.actors.abr.QoeSummary.EMPTY);
        }
        int level;
        try {
            level = door.fallbackLevel(sessionId, report);
        } catch (RuntimeException e) {
            level = AbrSessions.FIRST_LEVEL;
        }
        door.remember(sessionId, report);
        return new StreamingClient.NextLevel(report.index() + 1, level, FALLBACK_UNREACHABLE, waitedMs);
    }

    /** Who answered when the session's node did not: the front door's fallback. */
    public static final String FALLBACK_UNREACHABLE = "fallback_unreachable";

    private void writeReportReply(ChannelHandlerContext ctx, HttpRequest request, StreamingClient.ReportReply answer) {
        if (answer instanceof StreamingClient.NextLevel next) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("chunk", next.chunk());
            body.put("level", next.level());
            body.put("decidedBy", next.decidedBy());
            body.put("decisionMs", next.decisionMs());
            Responses.json(ctx, request, HttpResponseStatus.OK, body);
        } else if (answer instanceof StreamingClient.Finished finished) {
            Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("finished", true, "qoe", finished.qoe()));
        } else if (answer instanceof StreamingClient.Rejected rejected) {
            HttpResponseStatus status = switch (rejected.problem()) {
                case INVALID -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
                case CONFLICT -> HttpResponseStatus.CONFLICT;
                case UNKNOWN_SESSION -> HttpResponseStatus.NOT_FOUND;
                case LOST_HISTORY -> HttpResponseStatus.CONFLICT;
            };
            String hint = rejected.problem() == StreamingClient.Problem.UNKNOWN_SESSION
                    ? "; create one with POST /api/abr/sessions" : "";
            Responses.error(ctx, request, status, rejected.message() + hint);
        } else {
            Responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the session did not answer in time; retry the report");
        }
    }

    @Override
    protected void read(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        Optional<SessionView> view = board.get(sessionId);
        if (view.isEmpty()) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no session " + sessionId + " (expired)");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", view.get());
        body.put("served", segments.servedTo(sessionId));
        steering.session(sessionId).ifPresent(cmcd -> body.put("cmcd", cmcd));
        Responses.json(ctx, request, HttpResponseStatus.OK, body);
    }

    /** A report body as the API reads it; anything else is a {@code BadJson} (400). */
    static ChunkReport parseReport(io.netty.buffer.ByteBuf body) throws StrictJson.BadJson {
        JsonNode root = StrictJson.object(body, String.join(", ", REPORT_FIELDS));
        for (String field : REPORT_FIELDS) {
            if (root.get(field) == null || root.get(field).isNull()) {
                throw new StrictJson.BadJson("missing field '" + field + "'; a report needs "
                        + String.join(", ", REPORT_FIELDS));
            }
        }
        int index = (int) StrictJson.integer(root, "index", 0, Integer.MAX_VALUE);
        int level = (int) StrictJson.integer(root, "level", 0, Integer.MAX_VALUE);
        long bytes = StrictJson.integer(root, "bytes", -MAX_BYTES, MAX_BYTES);
        double start = StrictJson.number(root, "requestStartMs", -MAX_TIMESTAMP_MS, MAX_TIMESTAMP_MS);
        double end = StrictJson.number(root, "requestEndMs", -MAX_TIMESTAMP_MS, MAX_TIMESTAMP_MS);
        if (end - start > MAX_DOWNLOAD_MS) {
            throw new StrictJson.BadJson("requestEndMs - requestStartMs is " + (end - start) + " ms; a chunk "
                    + "download longer than " + (long) MAX_DOWNLOAD_MS + " ms is not a measurement");
        }
        double buffer = StrictJson.number(root, "bufferSeconds", -MAX_BUFFER_SECONDS, MAX_BUFFER_SECONDS);
        double stall = StrictJson.number(root, "stallMs", -MAX_STALL_MS, MAX_STALL_MS);
        return new ChunkReport(index, level, bytes, start, end, buffer, stall);
    }
}
