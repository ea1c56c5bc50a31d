package org.netllm.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Locale;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.SessionBoard;

/** {@code GET /metrics} in the Prometheus text exposition format (version 0.0.4). */
@ChannelHandler.Sharable
final class MetricsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final DecisionMetrics decisions;
    private final ServerMetrics server;
    private final SessionBoard board;

    MetricsHandler(DecisionMetrics decisions, ServerMetrics server, SessionBoard board) {
        super(false);
        this.decisions = decisions;
        this.server = server;
        this.board = board;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!new QueryStringDecoder(request.uri()).path().equals(PATH)) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            Responses.text(ctx, request, HttpResponseStatus.OK, CONTENT_TYPE, render());
        } finally {
            request.release();
        }
    }

    String render() {
        StringBuilder out = new StringBuilder(2048);
        String task = "netllm_" + decisions.task();
        String taskName = decisions.task().toUpperCase(Locale.ROOT);
        header(out, task + "_decisions_total", "counter", taskName + " decisions answered, by who answered them.");
        for (DecisionMetrics.Source source : DecisionMetrics.Source.values()) {
            out.append(task + "_decisions_total{source=\"").append(source.name().toLowerCase(Locale.ROOT))
                    .append("\"} ").append(decisions.decisions(source)).append('\n');
        }
        header(out, task + "_fallbacks_total", "counter",
                taskName
                + " decisions the session's fallback answered (deadline missed, overload or failure).");
        out.append(task + "_fallbacks_total ").append(decisions.fallbacksTotal()).append('\n');
        header(out, task + "_late_answers_dropped_total", "counter",
                "Policy answers that arrived after the fallback had answered, and were dropped.");
        out.append(task + "_late_answers_dropped_total ").append(decisions.lateAnswersDropped()).append('\n');
        header(out, task + "_decision_latency_seconds", "histogram",
                "Time from a session's request to its answer.");
        long[] counts = decisions.latencyBucketCounts();
        long cumulative = 0;
        for (int i = 0; i < DecisionMetrics.LATENCY_BUCKETS_SECONDS.length; i++) {
            cumulative += counts[i];
            out.append(task + "_decision_latency_seconds_bucket{le=\"")
                    .append(DecisionMetrics.LATENCY_BUCKETS_SECONDS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += counts[counts.length - 1];
        out.append(task + "_decision_latency_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append(task + "_decision_latency_seconds_sum ").append(decisions.latencySecondsSum()).append('\n');
        out.append(task + "_decision_latency_seconds_count ").append(cumulative).append('\n');
        header(out, "netllm_abr_active_sessions", "gauge", "Live ABR sessions.");
        out.append("netllm_abr_active_sessions ").append(board.activeSessions()).append('\n');
        header(out, "netllm_http_bytes_served_total", "counter", "Content bytes sent (DASH manifest and segments).");
        out.append("netllm_http_bytes_served_total ").append(server.bytesServed()).append('\n');
        header(out, "netllm_http_media_segments_served_total", "counter", "DASH media segments sent.");
        out.append("netllm_http_media_segments_served_total ").append(server.mediaSegmentsServed()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
