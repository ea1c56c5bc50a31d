package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.vp.Velocity;
import org.netllm.controller.vp.YawHandling;
import org.netllm.server.vp.VpLive;
import org.netllm.server.vp.ViewportApiHandler;

class ViewportApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        // Velocity answers, with windows hw 3 / pw 4 and a generous deadline: the tests pin the API, not the fallback.
        VpLive vp = VpLive.of(new Velocity(YawHandling.RAW), 100)
                .withSettings(VpSessionSettings.defaults(100).withWindows(3, 4).withDeadline(Duration.ofSeconds(10)));
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withViewports(vp));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Viewer(String id, String auth) {
        String samples() {
            return "/api/vp/sessions/" + id + "/samples";
        }
    }

    private static Viewer open(RawHttp http) throws IOException {
        RawHttp.Response created = http.post("/api/vp/sessions", "");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("hw").asInt()).isEqualTo(3);
        assertThat(body.get("pw").asInt()).isEqualTo(4);
        assertThat(body.get("rateHz").asDouble()).isEqualTo(5.0);
        assertThat(body.get("predictor").asText()).isEqualTo("velocity");
        return new Viewer(body.get("sessionId").asText(), "Authorization: Bearer " + body.get("token").asText());
    }

    private static String sample(double t, double roll, double pitch, double yaw) {
        return String.format(Locale.ROOT, "{\"t\":%s,\"roll\":%s,\"pitch\":%s,\"yaw\":%s}", t, roll, pitch, yaw);
    }

    @Test
    void theDocumentedBatchOf500SamplesAtFullPrecisionIsAccepted() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Viewer v = open(http);
            StringBuilder batch = new StringBuilder("{\"samples\":[");
            for (int i = 0; i < ViewportApiHandler.MAX_SAMPLES_PER_POST; i++) {
                // Double-precision angles as a client's JSON encoder writes them: about 90 bytes a sample.
                batch.append(i == 0 ? "" : ",").append(sample(12_345.678901234 + i * 0.2, -12.345678901234567,
                        34.56789012345678, -123.45678901234567));
            }
            String body = batch.append("]}").toString();
            assertThat(body.length()).isGreaterThan(16 * 1024);

            RawHttp.Response answer = http.post(v.samples(), body, v.auth());

            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("orientations").size()).isEqualTo(4);
        }
    }

    @Test
    void samplesAreAnsweredWithTheNextOrientationsOnceTheHistoryIsFull() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Viewer v = open(http);
            JsonNode first = JSON.readTree(http.post(v.samples(), sample(0, 0, 0, 170), v.auth()).body());
            assertThat(first.get("collecting").asBoolean()).isTrue();
            assertThat(first.get("needed").asInt()).isEqualTo(3);
            // two more at once; yaw moves +5 per sample, across the +-180 seam
            RawHttp.Response predicted = http.post(v.samples(), "{\"samples\":[" + sample(0.2, 0, 1, 175) + ","
                    + sample(0.4, 0, 2, 180) + "]}", v.auth());
            assertThat(predicted.status()).isEqualTo(200);
            JsonNode body = JSON.readTree(predicted.body());
            assertThat(body.get("from").asDouble()).isCloseTo(0.6, within(1e-9));
            assertThat(body.get("step").asDouble()).isEqualTo(0.2);
            assertThat(body.get("decidedBy").asText()).isEqualTo("policy");
            JsonNode orientations = body.get("orientations");
            assertThat(orientations).hasSize(4);
            // Velocity continues +5 per step; shown wrapped into [-180, 180)
            assertThat(orientations.get(0).get(2).asDouble()).isCloseTo(-175, within(1e-9));
            assertThat(orientations.get(3).get(1).asDouble()).isCloseTo(6, within(1e-9));

            JsonNode view = JSON.readTree(http.get("/api/vp/sessions/" + v.id(), v.auth()).body());
            assertThat(view.get("session").get("samples").asInt()).isEqualTo(3);
            assertThat(view.get("predictions")).hasSize(1);
            assertThat(view.get("predictions").get(0).get("afterSample").asInt()).isEqualTo(2);
        }
        assertThat(server.viewers().metrics().decisionsTotal()).isPositive();
    }

    @Test
    void badSamplesGetAClientErrorAndNothingChanges() throws IOException {
        Viewer v;
        try (RawHttp http = new RawHttp(server.port())) {
            v = open(http);
            assertThat(http.post(v.samples(), sample(0, 0, 95, 0), v.auth()).status()).isEqualTo(400);
            assertThat(http.post(v.samples(), "{\"t\":0,\"roll\":0,\"pitch\":NaN,\"yaw\":0}", v.auth()).status())
                    .isEqualTo(400);
            assertThat(http.post(v.samples(), sample(0, 0, 0, 181), v.auth()).status()).isEqualTo(400);
            assertThat(http.post(v.samples(), "{\"t\":0,\"roll\":0,\"pitch\":0}", v.auth()).status()).isEqualTo(400);
            RawHttp.Response second = http.post(v.samples(), "{\"samples\":[" + sample(0, 0, 0, 0) + ","
                    + sample(0.2, 0, 95, 0) + "]}", v.auth());
            assertThat(second.status()).isEqualTo(400);
            assertThat(new String(second.body()))
                    .contains("samples[1]: field 'pitch' must be a finite number in [-90, 90]");
            assertThat(http.post(v.samples(), sample(1, 0, 0, 0), v.auth()).status()).isEqualTo(200);
            RawHttp.Response backwards = http.post(v.samples(), sample(1, 0, 0, 0), v.auth());
            assertThat(backwards.status()).isEqualTo(422);
            assertThat(new String(backwards.body())).contains("does not increase");
            // without the token, and for a session that does not exist
            assertThat(http.post(v.samples(), sample(2, 0, 0, 0)).status()).isEqualTo(403);
            assertThat(http.post("/api/vp/sessions/00000000-0000-0000-0000-000000000000/samples", sample(2, 0, 0, 0),
                    v.auth()).status()).isEqualTo(404);
            assertThat(http.send("DELETE", v.samples(), "", v.auth()).status()).isEqualTo(405);
            String huge = "{\"samples\":[" + (sample(2, 0, 0, 0) + ",").repeat(2000) + sample(3, 0, 0, 0) + "]}";
            assertThat(http.post(v.samples(), huge, v.auth()).status()).isEqualTo(413);
        }
        // an oversized body closes its connection; the session kept only its one good sample
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode view = JSON.readTree(http.get("/api/vp/sessions/" + v.id(), v.auth()).body());
            assertThat(view.get("session").get("samples").asInt()).isEqualTo(1);
        }
    }

    @Test
    void theViewerListIsSummariesForThisMachine() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Viewer v = open(http);
            // once its actor has answered a sample, a viewer is on the board the list reads
            assertThat(http.post(v.samples(), sample(0, 0, 0, 0), v.auth()).status()).isEqualTo(200);
            JsonNode list = JSON.readTree(http.get("/api/vp/sessions").body());
            assertThat(list.get("total").asInt()).isPositive();
            assertThat(list.get("sessions").get(0).has("liveMaeDeg")).isTrue();
            assertThat(list.get("sessions").get(0).has("samples")).isTrue();
        }
    }
    @Test
    void eachPredictionIsCountedUnderTheVpMetricFamilies() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            double before = metric(http.get("/metrics").text(), "netllm_vp_decisions_total{source=\"policy\"}");
            Viewer v = open(http);
            assertThat(http.post(v.samples(), "{\"samples\":[" + sample(0, 0, 0, 0) + "," + sample(0.2, 0, 0, 1) + ","
                    + sample(0.4, 0, 0, 2) + "]}", v.auth()).status()).isEqualTo(200);
            assertThat(http.post(v.samples(), sample(0.6, 0, 0, 3), v.auth()).status()).isEqualTo(200);
            String metrics = http.get("/metrics").text();
            // two full histories, two predictions by the policy
            assertThat(metric(metrics, "netllm_vp_decisions_total{source=\"policy\"}")).isEqualTo(before + 2);
            assertThat(metric(metrics, "netllm_vp_active_sessions")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("# TYPE netllm_vp_decision_latency_seconds histogram")
                    .contains("netllm_vp_fallbacks_total ").contains("netllm_vp_late_answers_dropped_total ");
        }
    }

    /** The value of one sample line of a Prometheus text scrape. */
    static double metric(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in the scrape"));
    }
}
