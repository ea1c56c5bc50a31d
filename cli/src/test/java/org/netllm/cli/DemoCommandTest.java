package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;

/** The demo's live part: a real session, served with the default adapted model, that headless Chromium plays. */
class DemoCommandTest {

    /** The test video's ladder (testbed-scripts/make-video.sh: Envivio's six levels). */
    private static final int LEVELS = 6;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theLiveSessionFetchesChunksAndTheServerScoresTheLevelsThePlayerFetched() throws Exception {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        StringWriter printed = new StringWriter();

        DemoCommand.LiveSession live = DemoCommand.streamLive("netllm:default", ShortTestVideo.folder(), 15,
                new PrintWriter(printed));

        PlaybackReport playback = live.playback();
        assertThat(playback.errors()).isEmpty();
        assertThat(playback.chunkLevels()).isNotEmpty();
        assertThat(playback.chunkLevels().values()).allSatisfy(level -> assertThat(level).isBetween(0, LEVELS - 1));
        JsonNode session = live.serverSession();
        assertThat(session).as("the server's view of session %s", playback.sessionId()).isNotNull();
        assertThat(session.get("policy").asText()).startsWith("netllm");
        assertThat(session.get("qoe").get("chunksScored").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(session.get("qoe").get("bitrateMbps").asDouble()).isBetween(0.3, 4.3);
        assertThat(session.get("chunks")).isNotEmpty();
        for (JsonNode chunk : session.get("chunks")) {
            assertThat(chunk.get("level").asInt()).as("server's level of chunk %d", chunk.get("index").asInt())
                    .isEqualTo(playback.chunkLevels().get(chunk.get("index").asInt()));
        }
        assertThat(printed.toString()).contains("session " + playback.sessionId()).contains("player view")
                .contains("server view").contains("levels  [");
    }

    @Test
    void aNegativeLiveDurationIsAUserErrorBeforeAnyEvaluation() {
        CliRun run = CliRun.netllm("demo", "--live-seconds", "-1");

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).contains("--live-seconds must be 0..86400").doesNotContain("Exception");
    }
}
