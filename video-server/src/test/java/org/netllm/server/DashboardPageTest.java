package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionView;
import org.netllm.actors.cjs.ClusterMoment;
import org.netllm.actors.cjs.ClusterView;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.actors.vp.ViewerMoment;
import org.netllm.actors.vp.ViewerView;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.vp.LinearRegression;
import org.netllm.controller.vp.YawHandling;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.player.HeadlessPlayer;
import org.netllm.server.cjs.CjsLive;
import org.netllm.server.vp.VpLive;

/**
 * The dashboard in headless Chromium: a section with pictures for each task that has sessions, their data points
 * (read from the page's charts, not from its pixels) those of the server's boards, and on an idle server one line and
 * no chart. With {@code -Dnetllm.dashboard.screenshots=DIR} each section is also saved as DIR/SECTION.png
 * (docs/dashboard.md).
 */
@Tag("browser")
class DashboardPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCREENSHOTS = System.getProperty("netllm.dashboard.screenshots");
    private static HeadlessPlayer browser;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        browser = HeadlessPlayer.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path tpch() {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        return tpch;
    }

    /** A server that knows all three tasks, so an empty dashboard is empty because nothing runs. */
    private ServerConfig everyTask(int chunks) throws IOException {
        Path tpch = tpch();
        return ServerConfig.of(0, TestContent.write(tmp.resolve("content"), chunks), Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10))
                .withViewports(VpLive.of(new LinearRegression(YawHandling.RAW), 10)
                        .withSettings(VpSessionSettings.defaults(10).withDeadline(Duration.ofSeconds(10))))
                .withClusters(CjsLive.of(RoundRobin.fair(), tpch, 10)
                        .withSettings(CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10))));
    }

    @Test
    void anIdleServerShowsHowToStartOneAndNoChart() throws Exception {
        try (VideoServer server = VideoServer.start(everyTask(TestContent.CHUNKS))) {
            browser.open(server.uri().resolve("/dashboard"));
            // the idle line shows once all three lists have answered; a poll later nothing has changed
            waitFor("return !document.getElementById('idle').hidden;", 30);
            Thread.sleep(2500);
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) browser.evaluate("return {"
                    + " idle: document.getElementById('idle').hidden ? null : document.getElementById('idle').textContent,"
                    + " charts: document.querySelectorAll('.uplot').length,"
                    + " canvases: Array.from(document.querySelectorAll('canvas')).filter(c => c.offsetParent !== null).length,"
                    + " shown: Array.from(document.querySelectorAll('section')).filter(s => !s.hidden).map(s => s.id),"
                    + " problems: document.getElementById('problems').textContent };");
            assertThat((String) page.get("idle")).contains("Nothing running").contains("./netllm cjs serve")
                    .contains("/player/").contains("/viewer/");
            assertThat(((Number) page.get("charts")).intValue()).isZero();
            assertThat(((Number) page.get("canvases")).intValue()).isZero();
            assertThat((List<?>) page.get("shown")).isEmpty();
            assertThat((String) page.get("problems")).isEmpty();
        }
    }

    @Test
    void aStreamingSessionShowsItsFiveChartsWithItsChunksAndItsDecisionsBySource() throws Exception {
        int reported = 12;
        try (VideoServer server = VideoServer.start(everyTask(24)); RawHttp http = new RawHttp(server.port())) {
            DecisionApiTest.Session session = DecisionApiTest.newSession(http);
            // a player that fetches what the server chose, its buffer swinging through BBA's reservoir and cushion
            int level = 0;
            for (int i = 0; i < reported; i++) {
                RawHttp.Response next = http.post(session.chunks(),
                        DecisionApiTest.report(i, level, 2 + (i * 7) % 20, 0), session.auth());
                assertThat(next.status()).as(new String(next.body())).isEqualTo(200);
                level = JSON.readTree(next.body()).get("level").asInt();
            }
            SessionView view = server.sessions().get(session.id()).orElseThrow();
            browser.open(server.uri().resolve("/dashboard"));
            waitFor("const p = window.NetllmDashboard.points('abr-decisions'); return !!p && p[0].length === "
                    + reported + ";", 30);
            List<List<Number>> decisions = points("abr-decisions");
            List<List<Number>> bitrate = points("bitrate");
            assertThat(shownSections()).containsExactly("abr");
            assertThat(chartCount()).isEqualTo(5);
            // chunk i at play time 4 i; chunk 0's level is the first level, every later one the model's (BBA)
            List<ChunkRecord> chunks = view.chunks();
            for (int i = 0; i < reported; i++) {
                assertThat(decisions.get(0).get(i).doubleValue()).isEqualTo(4.0 * i);
                assertThat(decisions.get(1).get(i).intValue()).isEqualTo(i);
                assertThat(decisions.get(2).get(i).intValue()).isZero();
                assertThat(bitrate.get(1).get(i).intValue()).isEqualTo(TestContent.LADDER[chunks.get(i).level()]);
            }
            assertThat(chunks.stream().mapToInt(ChunkRecord::level).distinct().count()).isGreaterThan(1);
            assertThat(text("sessions")).contains(session.id().substring(0, 8)).contains("bba");
            screenshot("abr");
        }
    }

    @Test
    void aViewerShowsItsViewportsOnTheFrameAndItsLiveMaeOverTime() throws Exception {
        HeadTrace trace = ViewerPageTest.jin2022TestTrace();
        double[][] o = trace.orientations();
        int samples = 150;
        try (VideoServer server = VideoServer.start(everyTask(TestContent.CHUNKS));
             RawHttp http = new RawHttp(server.port())) {
            JsonNode opened = JSON.readTree(http.post("/api/vp/sessions", "").body());
            String id = opened.get("sessionId").asText();
            String auth = "Authorization: Bearer " + opened.get("token").asText();
            for (int i = 0; i < samples; i++) {
                String sample = String.format(Locale.ROOT, "{\"t\":%.1f,\"roll\":%s,\"pitch\":%s,\"yaw\":%s}",
                        i * 0.2, o[i][0], o[i][1], o[i][2]);
                RawHttp.Response answer = http.post("/api/vp/sessions/" + id + "/samples", sample, auth);
                assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
            }
            ViewerView view = server.viewers().board().get(id).orElseThrow();
            List<ViewerMoment> timeline = view.timeline();
            assertThat(timeline).hasSize(samples - 10 + 1);
            browser.open(server.uri().resolve("/dashboard"));
            waitFor("const p = window.NetllmDashboard.points('vp-mae'); return !!p && p[0].length === "
                    + timeline.size() + ";", 30);
            List<List<Number>> mae = points("vp-mae");
            List<List<Number>> sources = points("vp-decisions");
            for (int i = 0; i < timeline.size(); i++) {
                ViewerMoment m = timeline.get(i);
                assertThat(mae.get(0).get(i).doubleValue()).isEqualTo(m.t());
                if (Double.isNaN(m.liveMae())) {
                    assertThat(mae.get(1).get(i)).isNull();
                } else {
                    assertThat(mae.get(1).get(i).doubleValue()).isCloseTo(m.liveMae(), within(1e-9));
                }
                assertThat(sources.get(1).get(i).longValue()).isEqualTo(m.predictions() - m.fallbacks());
                assertThat(sources.get(2).get(i).longValue()).isEqualTo(m.fallbacks());
            }
            // predictions are scored once their 20 samples have arrived: the later half of the line has values
            assertThat(mae.get(1).get(timeline.size() - 1)).isNotNull();
            // the frame: the viewer's last sample, and its last prediction's horizon (as the viewer page shows it)
            @SuppressWarnings("unchecked")
            Map<String, Object> frame = (Map<String, Object>) browser.evaluate(
                    "const f = window.NetllmDashboard.frames.vp; return {session: f.session, actual: f.actual,"
                            + " predicted: f.predicted, path: f.path.length,"
                            + " visible: document.getElementById('viewport-frame').offsetParent !== null};");
            double[] horizon = view.predictions().get(view.predictions().size() - 1).orientations()[19];
            assertThat(frame.get("session")).isEqualTo(id);
            assertThat(frame.get("visible")).isEqualTo(true);
            assertThat(number(frame, "actual", "yaw")).isCloseTo(o[samples - 1][2], within(1e-9));
            assertThat(number(frame, "actual", "pitch")).isCloseTo(o[samples - 1][1], within(1e-9));
            assertThat(number(frame, "predicted", "yaw"))
                    .isCloseTo(((horizon[2] + 180) % 360 + 360) % 360 - 180, within(1e-9));
            assertThat(number(frame, "predicted", "pitch")).isCloseTo(Math.max(-90, Math.min(90, horizon[1])),
                    within(1e-9));
            assertThat(((Number) frame.get("path")).intValue()).isEqualTo(20);
            assertThat(shownSections()).containsExactly("vp");
            assertThat(chartCount()).isEqualTo(4);
            screenshot("vp");
        }
    }

    @Test
    void aRunningClusterShowsExecutorsPerJobAndAClusterPickedInTheTableDrivesTheCharts() throws Exception {
        try (VideoServer server = VideoServer.start(everyTask(TestContent.CHUNKS));
             RawHttp http = new RawHttp(server.port())) {
            // one cluster played flat out (finished in a moment), one in real time (running while the page looks)
            String finished = openCluster(http, 5, "\"flat\"");
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!server.clusters().board().get(finished).map(ClusterView::finished).orElse(false)
                    && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            String running = openCluster(http, 6, "1");
            browser.open(server.uri().resolve("/dashboard"));
            // the page shows the running cluster once it has decided (its first job arrives a few seconds in)
            waitFor("const t = document.querySelector('#cjs-executors .u-title');"
                    + " return !!t && t.textContent.includes('" + running.substring(0, 8) + "');", 60);
            assertPointsAreTheTimeline(server.clusters().board().get(running).orElseThrow().timeline(), false);
            assertThat(shownSections()).containsExactly("cjs");
            assertThat(text("clusters")).contains(running.substring(0, 8)).contains(finished.substring(0, 8))
                    .contains("fair");

            browser.evaluate("document.querySelector('#clusters tr[data-id=\"" + finished + "\"]').click();");
            waitFor("const t = document.querySelector('#cjs-executors .u-title');"
                    + " return !!t && t.textContent.includes('" + finished.substring(0, 8) + "');", 10);
            ClusterView view = server.clusters().board().get(finished).orElseThrow();
            assertPointsAreTheTimeline(view.timeline(), true);
            assertThat(browser.evaluate("return document.querySelector('#clusters tr.shown').dataset.id;"))
                    .isEqualTo(finished);
            assertThat(chartCount()).isEqualTo(3);
            screenshot("cjs");
        }
    }

    private static String openCluster(RawHttp http, int seed, String speedup) throws IOException {
        RawHttp.Response created = http.post("/api/cjs/clusters", "{\"simulate\":{\"seed\":" + seed + ",\"jobs\":20,"
                + "\"executors\":10,\"speedup\":" + speedup + ",\"deterministic\":true}}");
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return JSON.readTree(created.body()).get("clusterId").asText();
    }

    /**
     * The three cluster charts hold the timeline's moments, all of them ({@code whole}) or the first ones (a running
     * cluster has decided more since the page polled; under the timeline's bound no moment changes).
     */
    private void assertPointsAreTheTimeline(List<ClusterMoment> timeline, boolean whole) {
        List<List<Number>> executors = points("cjs-executors");
        List<List<Number>> jobs = points("cjs-jobs");
        List<List<Number>> sources = points("cjs-decisions");
        int n = executors.get(0).size();
        assertThat(n).isGreaterThan(0).isLessThanOrEqualTo(timeline.size());
        if (whole) {
            assertThat(n).isEqualTo(timeline.size());
        }
        long jobsSeen = timeline.subList(0, n).stream().flatMap(m -> m.executorsByJob().stream()).mapToInt(p -> p[0])
                .distinct().count();
        // one band per job; the first series is the top of the stack: every active job's supply together
        assertThat(executors).hasSize(1 + (int) jobsSeen);
        for (int i = 0; i < n; i++) {
            ClusterMoment m = timeline.get(i);
            assertThat(executors.get(0).get(i).doubleValue()).isEqualTo(m.atS());
            assertThat(executors.get(1).get(i).intValue())
                    .isEqualTo(m.executorsByJob().stream().mapToInt(p -> p[1]).sum());
            assertThat(jobs.get(1).get(i).intValue()).isEqualTo(m.jobsInSystem());
            if (Double.isNaN(m.avgJctS())) {
                assertThat(jobs.get(2).get(i)).isNull();
            } else {
                assertThat(jobs.get(2).get(i).doubleValue()).isEqualTo(m.avgJctS());
            }
            assertThat(sources.get(1).get(i).longValue()).isEqualTo(m.decisions() - m.fallbacks());
            assertThat(sources.get(2).get(i).longValue()).isEqualTo(m.fallbacks());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<List<Number>> points(String chart) {
        return (List<List<Number>>) browser.evaluate("return window.NetllmDashboard.points(arguments[0]);", chart);
    }

    @SuppressWarnings("unchecked")
    private static double number(Map<String, Object> map, String key, String field) {
        return ((Number) ((Map<String, Object>) map.get(key)).get(field)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownSections() {
        return (List<String>) browser.evaluate("return Array.from(document.querySelectorAll('section'))"
                + ".filter(s => !s.hidden).map(s => s.id);");
    }

    private static int chartCount() {
        return ((Number) browser.evaluate("return document.querySelectorAll('.uplot').length;")).intValue();
    }

    private static String text(String id) {
        return (String) browser.evaluate("return document.getElementById(arguments[0]).textContent;", id);
    }

    private static void screenshot(String section) throws IOException {
        if (SCREENSHOTS != null) {
            browser.capture(section, Path.of(SCREENSHOTS).resolve(section + ".png"));
        }
    }

    private static void waitFor(String condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(browser.evaluate(condition))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the dashboard did not get there in " + seconds + " s: " + condition);
    }
}
