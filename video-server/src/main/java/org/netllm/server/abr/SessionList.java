package org.netllm.server.abr;

import org.netllm.server.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.SessionView;

/**
 * {@code GET /api/abr/sessions?limit=N&after=ID}: one page of session summaries (no chunk history: that is on each
 * session's own URL), newest first, built on one background thread so that a large board never stalls an event
 * loop; when that thread already has {@value #QUEUE} pages to build the request is answered 503 at once.
 */
public final class SessionList implements AutoCloseable {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int QUEUE = 8;

    private static final Comparator<SessionView> NEWEST_FIRST = Comparator
            .comparingLong(SessionView::startedAtEpochMs).reversed().thenComparing(SessionView::id);

    private final SessionBoard board;
    private final ThreadPoolExecutor builder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "netllm-session-list");
                t.setDaemon(true);
                return t;
            });

    public SessionList(SessionBoard board) {
        this.board = board;
    }

    /** Builds the page off the event loop and writes it on the channel's own loop. */
    void answer(ChannelHandlerContext ctx, FullHttpRequest request, int limit, String after) {
        HttpRequest head = Responses.headOf(request);
        Executor loop = Responses.eventLoopOf(ctx);
        try {
            builder.execute(() -> {
                try {
                    Map<String, Object> page = page(limit, after);
                    loop.execute(() -> Responses.json(ctx, head, HttpResponseStatus.OK, page));
                } catch (RuntimeException e) {
                    loop.execute(() -> ctx.fireExceptionCaught(e));
                }
            });
        } catch (RejectedExecutionException busyOrClosing) {
            Responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the session list is busy; retry in a second");
        }
    }

    Map<String, Object> page(int limit, String after) {
        List<SessionView> all = new ArrayList<>(board.all());
        all.sort(NEWEST_FIRST);
        int from = 0;
        if (after != null) {
            from = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).id().equals(after)) {
                    from = i + 1;
                    break;
                }
            }
        }
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (int i = from; i < Math.min(all.size(), from + limit); i++) {
            summaries.add(summary(all.get(i)));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("sessions", summaries);
        page.put("total", all.size());
        page.put("live", all.stream().filter(v -> !v.finished()).count());
        boolean more = from + limit < all.size();
        page.put("next", more ? DecisionApiHandler.PREFIX + "?limit=" + limit + "&after="
                + all.get(from + limit - 1).id() : null);
        return page;
    }

    private static Map<String, Object> summary(SessionView v) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", v.id());
        s.put("policy", v.policy());
        s.put("startedAtEpochMs", v.startedAtEpochMs());
        s.put("chunkCount", v.chunkCount());
        s.put("chunksReported", v.chunks().size());
        s.put("nextChunk", v.nextChunk());
        s.put("nextLevel", v.nextLevel());
        s.put("fallbacks", v.fallbacks());
        s.put("finished", v.finished());
        s.put("qoe", v.qoe());
        double latencySum = 0;
        double latencyMax = 0;
        int decided = 0;
        for (ChunkRecord c : v.chunks()) {
            if (c.index() > v.chunks().get(0).index()) {
                latencySum += c.decisionLatencyMs();
                latencyMax = Math.max(latencyMax, c.decisionLatencyMs());
                decided++;
            }
        }
        s.put("meanDecisionMs", decided == 0 ? 0 : latencySum / decided);
        s.put("maxDecisionMs", latencyMax);
        return s;
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
