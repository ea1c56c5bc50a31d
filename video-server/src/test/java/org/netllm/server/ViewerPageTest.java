package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.vp.ViewerView;
import org.netllm.actors.vp.ViewportPrediction;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.vp.LinearRegression;
import org.netllm.controller.vp.YawHandling;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.player.HeadlessPlayer;
import org.netllm.server.vp.VpLive;

/** The 360° viewer page in headless Chromium replays a real head trace through the live viewport tracker. */
@Tag("browser")
class ViewerPageTest {

    @TempDir
    Path tmp;

    static HeadTrace jin2022TestTrace() {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path dataset = data.resolve("vp/Jin2022");
        assertThat(Files.isDirectory(dataset)).as("the viewport data set at " + dataset).isTrue();
        // video 8 and user 15 are in NetLLM's test split
        return HeadTraceFiles.read(HeadTraceFiles.file(dataset, 8, 15), 8, 15);
    }

    @Test
    void aReplayedTestTraceIsPredictedAtEveryAnchorAndItsLiveMaeEqualsTheOfflineEvaluation() throws Exception {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        HeadTrace trace = jin2022TestTrace();
        LinearRegression lr = new LinearRegression(YawHandling.RAW);
        // A generous deadline: every prediction comes from the predictor, so the live figures are the offline ones.
        VpSessionSettings settings = VpSessionSettings.defaults(10).withDeadline(Duration.ofSeconds(10));
        ServerConfig config = ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withViewports(VpLive.of(lr, 10).withSettings(settings));
        List<List<Double>> samples = new ArrayList<>();
        double[][] o = trace.orientations();
        for (int i = 0; i < o.length; i++) {
            samples.add(List.of(i * 0.2, o[i][0], o[i][1], o[i][2]));
        }
        try (VideoServer server = VideoServer.start(config); HeadlessPlayer browser = HeadlessPlayer.start()) {
            browser.open(server.uri().resolve("/viewer/index.html"));
            waitFor(browser, "return !!window.netllmViewer && window.netllmViewer.sessionId !== null;", 60);
            // as fast as the answers come back, at most 50 x real time
            browser.evaluate("window.netllmViewer.replay(arguments[0], 50);", samples);
            waitFor(browser, "return window.netllmViewer.done === true;", 180);
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) browser.evaluate("const s = window.netllmViewer;"
                    + " return {id: s.sessionId, sent: s.sent, predictions: s.predictions, errors: s.errors,"
                    + " anchorMae: s.anchorMae};");
            assertThat((List<?>) page.get("errors")).isEmpty();
            assertThat(((Number) page.get("sent")).intValue()).isEqualTo(o.length);
            assertThat(((Number) page.get("predictions")).intValue()).isEqualTo(o.length - settings.hw() + 1);

            ViewerView view = server.viewers().board().get((String) page.get("id")).orElseThrow();
            List<VpSample> anchors = VpSamples.of(trace, settings.hw(), settings.pw());
            Set<Integer> predictedAfter = view.predictions().stream().map(ViewportPrediction::index)
                    .collect(Collectors.toSet());
            for (VpSample anchor : anchors) {
                assertThat(predictedAfter).as("a prediction for anchor " + anchor.anchor()).contains(anchor.anchor() - 1);
            }
            assertThat(view.predictions()).allMatch(p -> p.decidedBy().equals("policy"));
            assertThat(view.scoredAnchors()).isEqualTo(anchors.size());
            double offline = VpEvaluation.score(lr, anchors, settings.pw()).mae();
            assertThat(view.anchorMae()).isCloseTo(offline, within(1e-6));
            assertThat(((Number) page.get("anchorMae")).doubleValue()).isCloseTo(offline, within(1e-6));

            // The dashboard lists the viewer with its anchor MAE and plots its yaw and pitch.
            List<?> dashboard = (List<?>) browser.inspect(server.uri().resolve("/dashboard"), Duration.ofSeconds(3),
                    "return [document.getElementById('viewers').textContent,"
                            + " document.querySelectorAll('#yaw .uplot canvas').length,"
                            + " document.querySelectorAll('#pitch .uplot canvas').length];");
            assertThat((String) dashboard.get(0)).contains(view.id().substring(0, 8)).contains(view.predictor())
                    .contains(String.format(java.util.Locale.ROOT, "%.2f", offline));
            assertThat(((Number) dashboard.get(1)).intValue()).isEqualTo(1);
            assertThat(((Number) dashboard.get(2)).intValue()).isEqualTo(1);
        }
    }

    private static void waitFor(HeadlessPlayer browser, String condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(browser.evaluate(condition))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the viewer page did not get there in " + seconds + " s: " + condition);
    }
}
