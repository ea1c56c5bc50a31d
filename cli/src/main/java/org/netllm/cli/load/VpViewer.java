package org.netllm.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.netllm.emulation.vp.HeadTrace;

/**
 * One simulated 360° viewer: replays a head-movement test trace at 5 Hz (scaled by the pace), posting each sample
 * as the viewer page does and waiting for its answer; a finished trace starts a new session on the next one, until
 * the run ends.
 */
final class VpViewer {

    private static final double PERIOD_MS = 200;

    private final LoadClient http;
    private final LoadStats stats;
    private final List<HeadTrace> traces;
    private final Pace pace;
    private final long endNanos;
    private int next;

    VpViewer(LoadClient http, LoadStats stats, List<HeadTrace> traces, int first, Pace pace, long endNanos) {
        this.http = http;
        this.stats = stats;
        this.traces = traces;
        this.next = first;
        this.pace = pace;
        this.endNanos = endNanos;
    }

    /** Replays traces one after another until the run ends. */
    CompletableFuture<Void> run() {
        if (System.nanoTime() >= endNanos) {
            return CompletableFuture.completedFuture(null);
        }
        HeadTrace trace = traces.get(next++ % traces.size());
        return http.post("/api/vp/sessions", "", "").thenComposeAsync(created -> {
            if (created.statusCode() != 201) {
                stats.rejected(created.statusCode());
                return http.after(1000).thenCompose(v -> run());
            }
            stats.sessionStarted();
            JsonNode body = LoadClient.read(created.body());
            return sample(body.get("sessionId").asText(), body.get("token").asText(), trace, 0)
                    .thenCompose(v -> run());
        }, http.executor()).exceptionallyCompose(failure -> {
            stats.error();
            return http.after(1000).thenCompose(v -> run());
        });
    }

    private CompletableFuture<Void> sample(String id, String token, HeadTrace trace, int i) {
        if (i >= trace.length() || System.nanoTime() >= endNanos) {
            return CompletableFuture.completedFuture(null);
        }
        double[] o = trace.orientations()[i];
        String body = String.format(Locale.ROOT, "{\"t\":%.1f,\"roll\":%s,\"pitch\":%s,\"yaw\":%s}", i * PERIOD_MS / 1000,
                o[0], o[1], o[2]);
        long sent = System.nanoTime();
        return http.post("/api/vp/sessions/" + id + "/samples", body, token).thenComposeAsync(response -> {
            long latency = System.nanoTime() - sent;
            if (response.statusCode() != 200) {
                stats.rejected(response.statusCode());
                return CompletableFuture.<Void>completedFuture(null);
            }
            JsonNode answer = LoadClient.read(response.body());
            if (answer.has("decidedBy")) {
                stats.decided(answer.get("decidedBy").asText(), latency);
            }
            long waited = (System.nanoTime() - sent) / 1_000_000;
            return http.after(pace.wallMs(PERIOD_MS) - waited).thenCompose(v -> sample(id, token, trace, i + 1));
        }, http.executor());
    }
}
