package org.netllm.cli.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.netllm.errors.InvalidInputException;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netllm play}: plays the server's video in headless Chromium and prints the session's QoE from both sides. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a 'netllm serve' server's video in headless Chromium (Selenium, Debian's chromium and "
                + "chromedriver) and print the session's QoE as the player and as the server scored it.")
public final class PlayCommand implements Callable<Integer> {

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "The server (IP literal; localhost is rewritten to 127.0.0.1; default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to play, at most (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 1 || durationSeconds > 24 * 3600) {
            throw new InvalidInputException("--duration must be 1..86400 seconds, got " + durationSeconds);
        }
        URI base = base(server);
        JsonNode probe = get(base.resolve("/api/abr/sessions"));
        if (probe == null) {
            throw new InvalidInputException("no netllm server answers at " + base + "; start one with ./netllm serve");
        }
        if (!HeadlessPlayer.available()) {
            throw new InvalidInputException("headless Chromium is missing (" + HeadlessPlayer.CHROMIUM + ", "
                    + HeadlessPlayer.CHROMEDRIVER + "); install it with testbed-scripts/install-browser.sh (as root)");
        }
        System.out.println("netllm play: " + base + "/player/index.html for up to " + durationSeconds + " s");
        PlaybackReport playback;
        try (HeadlessPlayer player = HeadlessPlayer.start()) {
            playback = player.play(base, Duration.ofSeconds(durationSeconds));
        }
        printSession(base, playback, new PrintWriter(System.out, true));
        return playback.errors().isEmpty() ? 0 : 1;
    }

    /**
     * Prints a played session's levels, its QoE as the player and as the server scored it, and the player's errors;
     * returns the server's view of the session, or null where the server has none.
     */
    public static JsonNode printSession(URI base, PlaybackReport playback, PrintWriter out)
            throws InterruptedException {
        out.printf("session %s: played %.1f s, %d chunks fetched%s%n", playback.sessionId(),
                playback.playedSeconds(), playback.chunkLevels().size(), playback.finished() ? " (whole video)" : "");
        out.println("levels  " + playback.chunkLevels().values());
        printQoe(out, "player view", playback.playerQoe());
        JsonNode view = get(base.resolve("/api/abr/sessions/" + playback.sessionId()));
        JsonNode session = view != null && view.has("session") ? view.get("session") : null;
        if (session != null) {
            JsonNode qoe = session.get("qoe");
            printQoe(out, "server view", Map.of("qoe", qoe.get("qoe").asDouble(),
                    "bitrateMbps", qoe.get("bitrateMbps").asDouble(),
                    "rebufferSeconds", qoe.get("rebufferSeconds").asDouble(),
                    "smoothnessMbps", qoe.get("smoothnessMbps").asDouble(),
                    "chunksScored", qoe.get("chunksScored").asDouble()));
            out.println("controller " + session.get("policy").asText() + ", fallbacks "
                    + session.get("fallbacks").asLong());
        } else {
            out.println("server view  unavailable (session expired?)");
        }
        if (!playback.errors().isEmpty()) {
            out.println("player errors: " + playback.errors());
        }
        return session;
    }

    private static void printQoe(PrintWriter out, String label, Map<String, Double> q) {
        out.printf("%-12s QoE %.3f  bitrate %.3f Mbps  stall %.2f s  smoothness %.3f Mbps  (%d chunks)%n",
                label, q.getOrDefault("qoe", 0.0), q.getOrDefault("bitrateMbps", 0.0),
                q.getOrDefault("rebufferSeconds", 0.0), q.getOrDefault("smoothnessMbps", 0.0),
                q.getOrDefault("chunksScored", 0.0).intValue());
    }

    static URI base(String server) {
        URI uri;
        try {
            uri = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--server '" + server + "' is not a URL; e.g. http://127.0.0.1:8080");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidInputException("--server '" + server + "' must be an http URL such as "
                    + "http://127.0.0.1:8080");
        }
        String host = uri.getHost().equals("localhost") ? "127.0.0.1" : uri.getHost();
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")) {
            throw new InvalidInputException("--server host '" + uri.getHost() + "' must be an IP literal (the "
                    + "headless browser resolves no names), e.g. http://127.0.0.1:" + Math.max(uri.getPort(), 80));
        }
        return URI.create("http://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    }

    private static JsonNode get(URI uri) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()) : null;
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
