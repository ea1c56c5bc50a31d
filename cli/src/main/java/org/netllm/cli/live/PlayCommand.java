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
import org.netllm.cli.FixedChoice;
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

    @Option(names = "--player", defaultValue = "netllm", paramLabel = "netllm|stock", converter = PageChoice.class,
            description = "netllm: the page whose custom rule applies the decision API's level (default); stock: "
                    + "stock dash.js configured only with CMCD and CMSD, its own ABR capped by the server's mb.")
    HeadlessPlayer.Page player;

    static final class PageChoice extends FixedChoice<HeadlessPlayer.Page> {
        PageChoice() {
            super(HeadlessPlayer.Page.class);
        }
    }

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Replay this bandwidth trace (time_s Mbps per line, looped) with Chromium's network "
                    + "throttling and an 80 ms added round trip: for comparing players on one trace without Mahimahi.")
    java.nio.file.Path trace;

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
        HeadlessPlayer.Page page = player;
        PrintWriter out = new PrintWriter(System.out, true);
        if (page == HeadlessPlayer.Page.STOCK && !hasAudio(base)) {
            out.println("warning: the server's video has no audio track, and stock dash.js 5.2.1 ignores CMSD mb on "
                    + "video-only content; make one with testbed-scripts/make-video.sh DIR 48 --audio and serve it "
                    + "with --content DIR");
        }
        out.println("netllm play: " + base + page.path() + " for up to " + durationSeconds + " s");
        PlaybackReport playback;
        try (HeadlessPlayer browser = HeadlessPlayer.start()) {
            playback = browser.play(base, page, Duration.ofSeconds(durationSeconds), shape());
        }
        if (page == HeadlessPlayer.Page.STOCK) {
            // The stock page knows its CMCD sid; the server names the ABR session that sid opened.
            JsonNode found = get(base.resolve("/api/abr/sessions?cid=netllm&sid=" + playback.sessionId()));
            out.println("CMCD sid " + playback.sessionId() + (found == null ? ": the server opened no session for it"
                    : " steered by session " + found.get("sessionId").asText()));
            if (found != null) {
                playback = new PlaybackReport(found.get("sessionId").asText(), playback.chunkLevels(),
                        playback.decisions(), playback.playerQoe(), playback.totalStallMs(), playback.playedSeconds(),
                        playback.finished(), playback.errors(), playback.lostSessions());
            }
        }
        printSession(base, playback, out);
        if (page == HeadlessPlayer.Page.STOCK) {
            JsonNode view = get(base.resolve("/api/abr/sessions/" + playback.sessionId()));
            if (view != null && view.has("cmcd")) {
                java.util.List<String> caps = new java.util.ArrayList<>();
                view.get("cmcd").get("served").forEach(s -> caps.add(s.get("index").asInt() + ":"
                        + s.get("level").asInt() + "<=" + s.get("maxBitrateKbps").asLong()));
                out.println("served (chunk:level<=mb kbps on its response) " + caps);
            }
        }
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

    /** The trace as Chromium's throttling replays it, or null without --trace. */
    private org.netllm.player.NetworkShape shape() {
        if (trace == null) {
            return null;
        }
        org.netllm.emulation.abr.Trace t = org.netllm.emulation.abr.TraceFiles.read(trace);
        double[] times = t.timesSeconds();
        double[] mbps = t.mbps();
        double span = times[times.length - 1] - times[0];
        System.out.printf("trace %s: %d points over %.0f s, mean %.2f Mbps (looped)%n", trace, times.length, span,
                java.util.Arrays.stream(mbps).average().orElse(0));
        return new org.netllm.player.NetworkShape(org.netllm.emulation.abr.Trace.DEFAULT_RTT_MS, seconds -> {
            double at = times[0] + (span > 0 ? seconds % span : 0);
            int i = java.util.Arrays.binarySearch(times, at);
            // The rate holds from its own time until the next point's.
            return Math.max(0.01, mbps[i >= 0 ? i : Math.max(0, -i - 2)]);
        });
    }

    /** Whether the server's manifest has an audio adaptation set. */
    private static boolean hasAudio(URI base) throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/video/manifest.mpd")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().contains("contentType=\"audio\"") || response.body().contains("audio/mp4");
        } catch (IOException e) {
            return false;
        }
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
