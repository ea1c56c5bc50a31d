package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionView;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;

/** dash.js in headless Chromium carries on in a new session when the server restarts under it. */
@Tag("browser")
class PlayerRecoveryTest {

    private static final int SEGMENTS = 8;

    @Test
    void thePlayerCreatesANewSessionAfterAServerRestartAndTheControllerKeepsDeciding() throws Exception {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        assumeTrue(TestVideo.ffmpegAvailable(), "ffmpeg is not installed: run testbed-scripts/install-browser.sh");
        Path video = TestVideo.ensure(SEGMENTS);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ServerConfig config = ServerConfig.of(port, video, AbrPolicies.byName("bba"));
        VideoServer first = VideoServer.start(config);
        VideoServer[] second = new VideoServer[1];
        try (HeadlessPlayer player = HeadlessPlayer.start()) {
            // Restart the server once the first session has fetched three media segments.
            CompletableFuture<String> restarted = CompletableFuture.supplyAsync(() -> {
                try {
                    while (first.sessions().all().stream().noneMatch(v -> v.chunks().size() >= 3)) {
                        Thread.sleep(50);
                    }
                    String lost = first.sessions().all().iterator().next().id();
                    first.close();
                    second[0] = VideoServer.start(config);
                    return lost;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            PlaybackReport playback = player.playMedia(first.uri(), 26.0, Duration.ofSeconds(150));
            String lost = restarted.get(10, TimeUnit.SECONDS);

            assertThat(playback.playedSeconds()).isGreaterThanOrEqualTo(26.0);
            assertThat(playback.lostSessions()).containsExactly(lost);
            SessionView carriedOn = second[0].sessions().get(playback.sessionId()).orElseThrow();
            assertThat(carriedOn.chunks()).hasSizeGreaterThanOrEqualTo(2);
            int firstIndex = carriedOn.chunks().get(0).index();
            assertThat(firstIndex).isGreaterThanOrEqualTo(3);
            // In the new session the controller decides again: every chunk after its first was fetched at the level
            // it chose, and the server delivered them to the new session.
            for (ChunkRecord chunk : carriedOn.chunks().subList(1, carriedOn.chunks().size())) {
                assertThat(chunk.level()).as("level of chunk %d", chunk.index()).isEqualTo(chunk.chosenLevel());
            }
            assertThat(second[0].segments().servedTo(playback.sessionId())).isNotEmpty();
        } finally {
            first.close();
            if (second[0] != null) {
                second[0].close();
            }
        }
    }
}
