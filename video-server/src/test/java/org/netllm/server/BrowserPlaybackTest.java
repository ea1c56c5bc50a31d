package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionView;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;

/** dash.js in headless Chromium against the real server: the controller, not dash.js, picks every segment. */
@Tag("browser")
class BrowserPlaybackTest {

    private static final int SEGMENTS = 8;

    @Test
    void everySegmentTheServerDeliveredHasTheLevelTheControllerChose() throws Exception {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        assumeTrue(TestVideo.ffmpegAvailable(), "ffmpeg is not installed: run testbed-scripts/install-browser.sh");
        Path video = TestVideo.ensure(SEGMENTS);

        try (VideoServer server = VideoServer.start(ServerConfig.of(0, video, AbrPolicies.byName("robust-mpc")));
             HeadlessPlayer player = HeadlessPlayer.start()) {
            PlaybackReport playback = player.playMedia(server.uri(), 21.0, Duration.ofSeconds(120));

            assertThat(playback.errors()).isEmpty();
            assertThat(playback.playedSeconds()).isGreaterThanOrEqualTo(20.0);
            String id = playback.sessionId();
            List<DashContent.Segment> served = server.segments().servedTo(id);
            assertThat(served).hasSizeGreaterThanOrEqualTo(5);

            SessionView view = server.sessions().get(id).orElseThrow();
            Map<Integer, Integer> chosen = new HashMap<>();
            for (ChunkRecord chunk : view.chunks()) {
                chosen.put(chunk.index(), chunk.chosenLevel());
            }
            if (view.nextLevel() >= 0) {
                chosen.put(view.nextChunk(), view.nextLevel());
            }
            for (DashContent.Segment segment : served) {
                assertThat(segment.level()).as("level of chunk %d", segment.index())
                        .isEqualTo(chosen.get(segment.index()));
                assertThat(playback.decisions().get(segment.index())).isEqualTo(segment.level());
            }
            // Each chunk was fetched once, in order: no fast-switch replacements, no abandoned requests.
            assertThat(served.stream().map(DashContent.Segment::index).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, served.size()).boxed().toList());

            try (RawHttp http = new RawHttp(server.port())) {
                JsonNode session = new ObjectMapper().readTree(http.get("/api/abr/sessions/" + id).body())
                        .get("session");
                assertThat(session.get("policy").asText()).isEqualTo("robust-mpc");
                assertThat(session.get("qoe").get("chunksScored").asInt()).isGreaterThanOrEqualTo(4);
                assertThat(session.get("qoe").get("bitrateMbps").asDouble()).isGreaterThan(0.0);
            }

            // The dashboard draws the session: four uPlot charts, its decisions by source and a table row with its id.
            Object dashboard = player.inspect(server.uri().resolve("/dashboard"), Duration.ofSeconds(3),
                    "return [document.querySelectorAll('.uplot canvas').length,"
                            + " document.getElementById('sessions').textContent];");
            List<?> seen = (List<?>) dashboard;
            assertThat(((Number) seen.get(0)).intValue()).isEqualTo(5);
            assertThat((String) seen.get(1)).contains(id.substring(0, 8)).contains("robust-mpc");
        }
    }
}
