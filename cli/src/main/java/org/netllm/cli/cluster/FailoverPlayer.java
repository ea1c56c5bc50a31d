package org.netllm.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.netllm.cli.load.Pace;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;

/**
 * One simulated dash.js player for the failover run: Pensieve's simulator on a test trace times each chunk, the
 * player waits that long (scaled by the pace), reports the chunk to its front door and fetches the next at the level
 * answered; a finished video starts a new session. Every request's answer (or its absence) is recorded.
 */
final class FailoverPlayer implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Past this a request counts as unanswered (generous: a starved machine delays even the front door's answer). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final IntFunction<String> frontDoor;
    private final Video video;
    private final List<Trace> traces;
    private final int player;
    private final Pace pace;
    private final long endNanos;
    private final AtomicInteger sessionNumbers;
    private final Queue<PlayerOutcome> outcomes;

    /**
     * @param frontDoor the base URL this player uses for its {@code k}-th session
     * @param outcomes  where every answer goes (threadsafe)
     */
    FailoverPlayer(HttpClient client, IntFunction<String> frontDoor, Video video, List<Trace> traces, int player,
                   Pace pace, long endNanos, AtomicInteger sessionNumbers, Queue<PlayerOutcome> outcomes) {
        this.client = client;
        this.frontDoor = frontDoor;
        this.video = video;
        this.traces = traces;
        this.player = player;
        this.pace = pace;
        this.endNanos = endNanos;
        this.sessionNumbers = sessionNumbers;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        int k = 0;
        while (System.nanoTime() < endNanos) {
            try {
                // Created at one front door, reported at another: any front door serves any session.
                playOne(frontDoor.apply(k), frontDoor.apply(k + 1), k);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            k++;
        }
    }

    private void playOne(String createAt, String base, int k) throws InterruptedException {
        int session = sessionNumbers.getAndIncrement();
        Trace trace = traces.get((player * 7 + k) % traces.size());
        JsonNode created = post(createAt + "/api/abr/sessions", "{}", "", session);
        if (created == null || created.get("sessionId") == null) {
            Thread.sleep(500);
            return;
        }
        String id = created.get("sessionId").asText();
        String token = created.get("token").asText();
        AbrSimulator simulator = new AbrSimulator(trace, video, 1 + (player * 7919 + k) % (trace.length() - 1));
        int level = created.get("firstLevel").asInt();
        double clockMs = 0;
        double bufferBeforeMs = 0;
        while (System.nanoTime() < endNanos) {
            ChunkDownload chunk = simulator.download(level);
            double waitMs = Math.max(bufferBeforeMs - chunk.delayMs(), 0) + video.chunkSeconds() * 1000
                    - chunk.bufferMs();
            double startMs = clockMs;
            clockMs += chunk.delayMs();
            String report = String.format(Locale.ROOT, "{\"index\":%d,\"level\":%d,\"bytes\":%d,"
                            + "\"requestStartMs\":%.3f,\"requestEndMs\":%.3f,\"bufferSeconds\":%.4f,\"stallMs\":%.3f}",
                    chunk.index(), chunk.level(), chunk.bytes(), startMs, clockMs, chunk.bufferMs() / 1000.0,
                    chunk.rebufferMs());
            clockMs += Math.max(waitMs, 0);
            Thread.sleep(pace.wallMs(chunk.delayMs() + Math.max(waitMs, 0)));
            JsonNode answer = post(base + "/api/abr/sessions/" + id + "/chunks", report, token, session);
            if (answer == null || answer.has("finished") || !answer.has("level")) {
                return;
            }
            level = answer.get("level").asInt();
            bufferBeforeMs = chunk.bufferMs();
        }
    }

    /** POSTs and records the answer; the parsed body of a 2xx answer, else null. */
    private JsonNode post(String url, String body, String token, int session) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            outcomes.add(new PlayerOutcome(System.nanoTime(), session, PlayerOutcome.UNANSWERED, "", -1));
            return null;
        }
        JsonNode parsed = null;
        if (response.statusCode() / 100 == 2) {
            try {
                parsed = JSON.readTree(response.body());
            } catch (IOException e) {
                parsed = null;
            }
        }
        String decidedBy = parsed != null && parsed.has("decidedBy") ? parsed.get("decidedBy").asText() : "";
        int chunk = parsed != null && parsed.has("chunk") ? parsed.get("chunk").asInt() : -1;
        outcomes.add(new PlayerOutcome(System.nanoTime(), session, response.statusCode(), decidedBy, chunk));
        return parsed;
    }
}
