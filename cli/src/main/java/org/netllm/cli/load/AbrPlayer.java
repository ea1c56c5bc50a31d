package org.netllm.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;

/**
 * One simulated dash.js player: Pensieve's simulator on a test trace decides how long each chunk takes (its download
 * plus any wait for buffer room), the player waits that long (scaled by the pace), reports the chunk and fetches the
 * next at the level the server answered. A finished video starts a new session on the next trace, until the run
 * ends.
 */
final class AbrPlayer {

    private final LoadClient http;
    private final LoadStats stats;
    private final Video video;
    private final List<Trace> traces;
    private final Pace pace;
    private final long endNanos;
    private int next;

    AbrPlayer(LoadClient http, LoadStats stats, Video video, List<Trace> traces, int first, Pace pace, long endNanos) {
        this.http = http;
        this.stats = stats;
        this.video = video;
        this.traces = traces;
        this.next = first;
        this.pace = pace;
        this.endNanos = endNanos;
    }

    /** Plays sessions one after another until the run ends. */
    CompletableFuture<Void> run() {
        if (System.nanoTime() >= endNanos) {
            return CompletableFuture.completedFuture(null);
        }
        Trace trace = traces.get(next++ % traces.size());
        int pointer = 1 + (next * 7919) % (trace.length() - 1);
        return http.post("/api/abr/sessions", "{}", "").thenComposeAsync(created -> {
            if (created.statusCode() != 201) {
                stats.rejected(created.statusCode());
                return http.after(1000).thenCompose(v -> run());
            }
            stats.sessionStarted();
            JsonNode body = LoadClient.read(created.body());
            Session session = new Session(body.get("sessionId").asText(), body.get("token").asText(),
                    new AbrSimulator(trace, video, pointer));
            return session.fetch(body.get("firstLevel").asInt(), 0).thenCompose(v -> run());
        }, http.executor()).exceptionallyCompose(failure -> {
            stats.error();
            return http.after(1000).thenCompose(v -> run());
        });
    }

    private final class Session {
        private final String id;
        private final String token;
        private final AbrSimulator simulator;
        private double clockMs;

        Session(String id, String token, AbrSimulator simulator) {
            this.id = id;
            this.token = token;
            this.simulator = simulator;
        }

        CompletableFuture<Void> fetch(int level, double bufferBeforeMs) {
            ChunkDownload chunk = simulator.download(level);
            // The chunk's wall time: its download, plus the wait for buffer room the simulator applied after it.
            double waitMs = Math.max(bufferBeforeMs - chunk.delayMs(), 0) + video.chunkSeconds() * 1000
                    - chunk.bufferMs();
            double startMs = clockMs;
            clockMs += chunk.delayMs();
            String report = String.format(Locale.ROOT, "{\"index\":%d,\"level\":%d,\"bytes\":%d,"
                            + "\"requestStartMs\":%.3f,\"requestEndMs\":%.3f,\"bufferSeconds\":%.4f,\"stallMs\":%.3f}",
                    chunk.index(), chunk.level(), chunk.bytes(), startMs, clockMs, chunk.bufferMs() / 1000.0,
                    chunk.rebufferMs());
            clockMs += Math.max(waitMs, 0);
            return http.after(pace.wallMs(chunk.delayMs() + Math.max(waitMs, 0))).thenCompose(v -> {
                long sent = System.nanoTime();
                return http.post("/api/abr/sessions/" + id + "/chunks", report, token).thenComposeAsync(response -> {
                    long latency = System.nanoTime() - sent;
                    if (response.statusCode() != 200) {
                        stats.rejected(response.statusCode());
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    JsonNode answer = LoadClient.read(response.body());
                    if (answer.has("finished")) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    stats.decided(answer.get("decidedBy").asText(), latency);
                    if (System.nanoTime() >= endNanos) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return fetch(answer.get("level").asInt(), chunk.bufferMs());
                }, http.executor());
            });
        }
    }
}
