package org.netllm.cli.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The HTTP side every simulated client shares: one JDK client, a timer for pacing, JSON answers. Threadsafe. */
final class LoadClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI base;
    private final ScheduledExecutorService timer;
    private final Executor executor;

    LoadClient(HttpClient client, URI base, ScheduledExecutorService timer, Executor executor) {
        this.client = client;
        this.base = base;
        this.timer = timer;
        this.executor = executor;
    }

    /** POSTs {@code body} with the session's token (empty: none). */
    CompletableFuture<HttpResponse<String>> post(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Completes after {@code ms} real milliseconds (at once for 0). */
    CompletableFuture<Void> after(long ms) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (ms <= 0) {
            done.complete(null);
        } else {
            timer.schedule(() -> done.complete(null), ms, TimeUnit.MILLISECONDS);
        }
        return done;
    }

    Executor executor() {
        return executor;
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer: " + body, e);
        }
    }
}
