package org.netllm.server.vp;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.ArrayList;
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
import org.netllm.actors.vp.OrientationSample;
import org.netllm.actors.vp.ViewerMoment;
import org.netllm.actors.vp.ViewerView;
import org.netllm.actors.vp.ViewportPrediction;
import org.netllm.actors.vp.ViewportTracker;
import org.netllm.actors.vp.VpBoard;
import org.netllm.actors.vp.VpSessions;
import org.netllm.server.ApiAccess;
import org.netllm.server.ApiHandler;
import org.netllm.server.ApiRoutes;
import org.netllm.server.Readiness;
import org.netllm.server.Responses;
import org.netllm.server.SessionOwners;
import org.netllm.server.StrictJson;

/**
 * The viewport prediction API: {@code POST /api/vp/sessions} opens a viewer session (its token in the answer),
 * {@code POST /api/vp/sessions/{id}/samples} adds one or more head orientations and answers the next pw
 * orientations, {@code GET /api/vp/sessions/{id}} shows history, predictions and the live MAE, and
 * {@code GET /api/vp/sessions} lists summaries (this machine, or the admin key). Not sharable: one per channel.
 */
public final class ViewportApiHandler extends ApiHandler<List<OrientationSample>> {

    public static final String PREFIX = "/api/vp/sessions";
    /** Its routes, for the {@code ApiGate} that checks them from a request's head. */
    public static final ApiRoutes ROUTES = ApiRoutes.under(PREFIX, "[0-9a-f-]{36}", "samples")
            .naming("viewer session", "viewer list").documentedAs("VP API", "viewport prediction API")
            .opening("sessionId", "session registry");
    /** Samples one post may carry. */
    public static final int MAX_SAMPLES_PER_POST = 500;
    /**
     * The route's body limit: {@value #MAX_SAMPLES_PER_POST} samples at about 90 bytes each (double-precision angles
     * as JSON encoders write them), with room; the server-wide 16 KiB would refuse the documented batch.
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Summaries one list answer holds. */
    public static final int MAX_LISTED = 200;
    private static final double MAX_TIME_SECONDS = 1e9;

    private final ActorRef<SessionRegistry.Command<ViewportTracker.Command>> sessions;
    private final Scheduler scheduler;
    private final VpBoard board;
    private final VpLive live;
    private final Duration askTimeout;

    public ViewportApiHandler(ActorRef<SessionRegistry.Command<ViewportTracker.Command>> sessions, Scheduler scheduler,
                              VpBoard board, SessionOwners owners, ApiAccess access, VpLive live,
                              Readiness readiness) {
        super(ROUTES, owners, access, readiness);
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.board = board;
        this.live = live;
        this.askTimeout = live.settings().decisionDeadline().plusSeconds(5);
    }

    @Override
    protected void create(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<SessionOwners.Reservation> slot = reserve(ctx);
        if (slot.isEmpty()) {
            Responses.errorRetryAfter(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, "this client already has its quota"
                    + " of live viewer sessions; finish or abandon one (it expires when idle)", 5);
            return;
        }
        HttpRequest kept = Responses.headOf(request);
        CompletionStage<SessionRegistry.OpenReply> reply = AskPattern.ask(sessions, SessionRegistry.Open::new,
                askTimeout, scheduler);
        answerOpen(ctx, kept, slot.get(), reply, body -> {
            body.put("hw", live.settings().hw());
            body.put("pw", live.settings().pw());
            body.put("rateHz", 1.0 / live.settings().periodSeconds());
            body.put("step", live.settings().periodSeconds());
            body.put("predictor", live.name());
            body.put("deadlineMs", live.settings().decisionDeadline().toMillis());
        });
    }

    @Override
    protected List<OrientationSample> actionBody(FullHttpRequest request) throws StrictJson.BadJson {
        return parseSamples(request);
    }

    @Override
    protected void act(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId,
                       List<OrientationSample> samples) {
        HttpRequest kept = Responses.headOf(request);
        CompletionStage<ViewportTracker.SamplesReply> reply = AskPattern.ask(sessions,
                replyTo -> VpSessions.samples(sessionId, samples, replyTo), askTimeout, scheduler);
        reply.whenCompleteAsync((answer, failure) -> answer(ctx, kept, answer), Responses.eventLoopOf(ctx));
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request, ViewportTracker.SamplesReply answer) {
        if (answer instanceof ViewportTracker.Predicted predicted) {
            ViewportPrediction p = predicted.prediction();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", p.from());
            body.put("step", predicted.periodSeconds());
            body.put("orientations", displayed(p.orientations()));
            body.put("decidedBy", p.decidedBy());
            body.put("decisionMs", p.decisionMs());
            Responses.json(ctx, request, HttpResponseStatus.OK, body);
        } else if (answer instanceof ViewportTracker.Collecting collecting) {
            Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("collecting", true,
                    "samples", collecting.have(), "needed", collecting.needed()));
        } else if (answer instanceof ViewportTracker.Rejected rejected) {
            HttpResponseStatus status = switch (rejected.problem()) {
                case INVALID -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
                case CONFLICT -> HttpResponseStatus.CONFLICT;
                case UNKNOWN_SESSION -> HttpResponseStatus.NOT_FOUND;
            };
            String hint = rejected.problem() == ViewportTracker.Problem.UNKNOWN_SESSION
                    ? "; create one with POST " + PREFIX : "";
            Responses.error(ctx, request, status, rejected.message() + hint);
        } else {
            Responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the session did not answer in time; retry");
        }
    }

    @Override
    protected void read(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        ViewerView view = board.get(sessionId).orElse(null);
        if (view == null) {
            Responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no viewer session " + sessionId
                    + " (expired)");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", summary(view));
        body.put("samples", view.samples());
        List<Map<String, Object>> predictions = new ArrayList<>(view.predictions().size());
        for (ViewportPrediction p : view.predictions()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("afterSample", p.index());
            row.put("from", p.from());
            row.put("orientations", displayed(p.orientations()));
            row.put("decidedBy", p.decidedBy());
            row.put("decisionMs", p.decisionMs());
            predictions.add(row);
        }
        body.put("predictions", predictions);
        body.put("timeline", timeline(view.timeline()));
        Responses.json(ctx, request, HttpResponseStatus.OK, body);
    }

    @Override
    protected void list(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder target) {
        // Summaries only, newest first, a bounded number: the full history is on each session's own URL.
        List<Map<String, Object>> rows = board.all().stream()
                .sorted(Comparator.comparingLong(ViewerView::startedAtEpochMs).reversed())
                .limit(MAX_LISTED).map(ViewportApiHandler::summary).toList();
        Responses.json(ctx, request, HttpResponseStatus.OK, Map.of("sessions", rows,
                "total", board.activeSessions()));
    }

    /** The timeline by columns, each one of the dashboard's chart series; liveMaeDeg is null before the first score. */
    static Map<String, Object> timeline(List<ViewerMoment> moments) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("t", moments.stream().map(ViewerMoment::t).toList());
        columns.put("liveMaeDeg", moments.stream().map(m -> finiteOrNull(m.liveMae())).toList());
        columns.put("predictions", moments.stream().map(ViewerMoment::predictions).toList());
        columns.put("fallbacks", moments.stream().map(ViewerMoment::fallbacks).toList());
        return columns;
    }

    private static Map<String, Object> summary(ViewerView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", view.id());
        row.put("predictor", view.predictor());
        row.put("hw", view.hw());
        row.put("pw", view.pw());
        row.put("startedAtEpochMs", view.startedAtEpochMs());
        row.put("samples", view.sampleCount());
        row.put("liveMaeDeg", finiteOrNull(view.liveMae()));
        row.put("anchorMaeDeg", finiteOrNull(view.anchorMae()));
        row.put("scoredAnchors", view.scoredAnchors());
        row.put("fallbacks", view.fallbacks());
        row.put("lateAnswersDropped", view.lateAnswersDropped());
        return row;
    }

    /** One sample {@code {t, roll, pitch, yaw}}, or {@code {"samples": [ ... ]}}. */
    static List<OrientationSample> parseSamples(FullHttpRequest request) throws StrictJson.BadJson {
        JsonNode root = StrictJson.object(request.content(), "t, roll, pitch, yaw (or \"samples\": [...])");
        JsonNode many = root.get("samples");
        if (many == null) {
            return List.of(sample(root, ""));
        }
        if (root.size() != 1 || !many.isArray()) {
            throw new StrictJson.BadJson("'samples' must be an array of {t, roll, pitch, yaw} and the only field");
        }
        if (many.isEmpty() || many.size() > MAX_SAMPLES_PER_POST) {
            throw new StrictJson.BadJson("'samples' must hold 1.." + MAX_SAMPLES_PER_POST + " samples, got "
                    + many.size());
        }
        List<OrientationSample> out = new ArrayList<>(many.size());
        for (int i = 0; i < many.size(); i++) {
            if (!many.get(i).isObject()) {
                throw new StrictJson.BadJson("samples[" + i + "] must be an object {t, roll, pitch, yaw}");
            }
            out.add(sample(many.get(i), "samples[" + i + "]."));
        }
        return out;
    }

    private static OrientationSample sample(JsonNode node, String where) throws StrictJson.BadJson {
        for (var it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!List.of("t", "roll", "pitch", "yaw").contains(name)) {
                throw new StrictJson.BadJson("unknown field '" + where + name + "'; a sample is {t, roll, pitch, yaw}");
            }
        }
        try {
            return new OrientationSample(StrictJson.number(node, "t", -MAX_TIME_SECONDS, MAX_TIME_SECONDS),
                    StrictJson.number(node, "roll", -180, 180), StrictJson.number(node, "pitch", -90, 90),
                    StrictJson.number(node, "yaw", -180, 180));
        } catch (StrictJson.BadJson e) {
            // where is a field prefix ("samples[3]."): the message names the sample, then what is wrong with it
            throw new StrictJson.BadJson(where.isEmpty() ? e.getMessage()
                    : where.substring(0, where.length() - 1) + ": " + e.getMessage());
        }
    }

    /** Orientations as a viewer shows them: roll and yaw wrapped into [−180, 180), pitch within [−90, 90]. */
    static double[][] displayed(double[][] orientations) {
        double[][] out = new double[orientations.length][];
        for (int k = 0; k < orientations.length; k++) {
            double[] o = orientations[k];
            out[k] = new double[] {wrap(o[0]), Math.max(-90, Math.min(90, o[1])), wrap(o[2])};
        }
        return out;
    }

    private static double wrap(double degrees) {
        double w = ((degrees + 180) % 360 + 360) % 360 - 180;
        return w == -180 && degrees > 0 ? 180 : w;
    }

    private static Double finiteOrNull(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
