package org.netllm.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 */
final class DecisionApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PREFIX = "/api/abr/sessions";
    private static final Pattern SESSION = Pattern.compile("/api/abr/sessions/([A-Za-z0-9-]{1,64})");
    private static final Pattern CHUNKS = Pattern.compile("/api/abr/sessions/([A-Za-z0-9-]{1,64})/chunks");
    private static final List<String> REPORT_FIELDS =
            List.of("index", "level", "bytes", "requestStartMs", "requestEndMs", "bufferSeconds", "stallMs");

    private final ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions;
    private final Scheduler scheduler;
    private final SessionBoard board;
    private final SegmentLog segments;
    private final Video video;
    private final Duration askTimeout;

    DecisionApiHandler(ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions, Scheduler scheduler, SessionBoard board,
                       SegmentLog segments, Video video, Duration decisionDeadline) {
        super(false);
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.board = board;
        this.segments = segments;
        this.video = video;
        // The session answers by its deadline (fallback included); the margin covers a busy actor system.
        this.askTimeout = decisionDeadline.plusSeconds(5);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.startsWith(PREFIX)) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            route(ctx, request, path);
        } finally {
            request.release();
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            if (method.equals(HttpMethod.POST)) {
                startSession(ctx, request);
            } else if (method.equals(HttpMethod.GET)) {
                Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("sessions", board.all()));
            } else {
                notAllowed(ctx, request, "GET, POST");
            }
            return;
        }
        Matcher chunks = CHUNKS.matcher(path);
        if (chunks.matches()) {
            if (method.equals(HttpMethod.POST)) {
                reportChunk(ctx, request, chunks.group(1));
            } else {
                notAllowed(ctx, request, "POST");
            }
            return;
        }
        Matcher session = SESSION.matcher(path);
        if (session.matches()) {
            if (method.equals(HttpMethod.GET)) {
                getSession(ctx, request, session.group(1));
            } else {
                notAllowed(ctx, request, "GET");
            }
            return;
        }
        Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no API resource " + path
                + "; see video-server/README.md for the decision API");
    }

    private void startSession(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpRequest kept = request.retainedDuplicate();
        CompletionStage<SessionRegistry.OpenReply> reply = AskPattern.ask(sessions, SessionRegistry.Open::new,
                askTimeout, scheduler);
        reply.whenCompleteAsync((answer, failure) -> {
            try {
                if (answer instanceof SessionRegistry.Opened started) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("sessionId", started.sessionId());
                    body.put("firstChunk", AbrSessions.FIRST_CHUNK);
                    body.put("firstLevel", AbrSessions.FIRST_LEVEL);
                    body.put("bitratesKbps", video.bitratesKbps());
                    body.put("chunkSeconds", video.chunkSeconds());
                    body.put("chunkCount", video.chunkCount());
                    Responses.json(ctx, kept, HttpResponseStatus.CREATED, body);
                } else if (answer instanceof SessionRegistry.Refused refused) {
                    Responses.error(ctx, kept, HttpResponseStatus.SERVICE_UNAVAILABLE, refused.reason());
                } else {
                    Responses.error(ctx, kept, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "the session registry did not answer in time; retry");
                }
            } finally {
                kept.release();
            }
        }, ctx.executor());
    }

    private void reportChunk(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        ChunkReport report;
        try {
            report = parseReport(request);
        } catch (BadReport e) {
            Responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        FullHttpRequest kept = request.retainedDuplicate();
        CompletionStage<StreamingClient.ReportReply> reply = AskPattern.ask(sessions,
                replyTo -> AbrSessions.report(sessionId, report, replyTo), askTimeout, scheduler);
        reply.whenCompleteAsync((answer, failure) -> {
            try {
                writeReportReply(ctx, kept, answer);
            } finally {
                kept.release();
            }
        }, ctx.executor());
    }

    private void writeReportReply(ChannelHandlerContext ctx, FullHttpRequest request, StreamingClient.ReportReply answer) {
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
            };
            String hint = rejected.problem() == StreamingClient.Problem.UNKNOWN_SESSION
                    ? "; create one with POST /api/abr/sessions" : "";
            Responses.error(ctx, request, status, rejected.message() + hint);
        } else {
            Responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the session did not answer in time; retry the report");
        }
    }

    private void getSession(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        var view = board.get(sessionId);
        if (view.isEmpty()) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no session " + sessionId
                    + " (never created, or expired); create one with POST " + PREFIX);
            return;
        }
        SessionView v = view.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", v);
        body.put("served", segments.servedTo(sessionId));
        Responses.json(ctx, request, HttpResponseStatus.OK, body);
    }

    private static void notAllowed(ChannelHandlerContext ctx, FullHttpRequest request, String allowed) {
        var response = Responses.full(HttpResponseStatus.METHOD_NOT_ALLOWED, Responses.JSON_TYPE,
                ("{\"error\":\"method " + request.method() + " not allowed here; use " + allowed
                        + "\",\"status\":405}").getBytes());
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        Responses.send(ctx, request, response);
    }

    /** A report body that is not JSON, misses a field or has a field of the wrong type. */
    private static final class BadReport extends Exception {
        BadReport(String message) {
            super(message);
        }
    }

    private static ChunkReport parseReport(FullHttpRequest request) throws BadReport {
        JsonNode root;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate())) {
            root = Responses.JSON.readTree((java.io.InputStream) in);
        } catch (JsonProcessingException e) {
            throw new BadReport("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadReport("unreadable body");
        }
        if (root == null || !root.isObject()) {
            throw new BadReport("the body must be a JSON object with " + String.join(", ", REPORT_FIELDS));
        }
        for (String field : REPORT_FIELDS) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                throw new BadReport("missing field '" + field + "'; a report needs " + String.join(", ", REPORT_FIELDS));
            }
            if (!value.isNumber()) {
                throw new BadReport("field '" + field + "' must be a number, got " + value.getNodeType());
            }
        }
        for (String field : List.of("index", "level", "bytes")) {
            JsonNode value = root.get(field);
            if (!value.canConvertToLong() || value.isFloatingPointNumber() && value.asDouble() % 1 != 0) {
                throw new BadReport("field '" + field + "' must be an integer, got " + value);
            }
        }
        long index = root.get("index").asLong();
        long level = root.get("level").asLong();
        if (index < 0 || index > Integer.MAX_VALUE || level < 0 || level > Integer.MAX_VALUE) {
            throw new BadReport("index and level must be non-negative integers, got index " + index + ", level "
                    + level);
        }
        return new ChunkReport((int) index, (int) level, root.get("bytes").asLong(),
                root.get("requestStartMs").asDouble(), root.get("requestEndMs").asDouble(),
                root.get("bufferSeconds").asDouble(), root.get("stallMs").asDouble());
    }
}
