package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

class DecisionApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        // A generous deadline: these tests pin the API, not the fallback (which a cold JVM on a busy machine could
        // otherwise trigger on the first decision).
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withDecisionDeadline(java.time.Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(RawHttp.Response response) throws IOException {
        assertThat(response.header("content-type")).isEqualTo("application/json");
        return JSON.readTree(response.body());
    }

    private static String newSession(RawHttp http) throws IOException {
        RawHttp.Response created = http.post("/api/abr/sessions", "{}");
        assertThat(created.status()).isEqualTo(201);
        return json(created).get("sessionId").asText();
    }

    private static String report(int index, int level, double bufferSeconds, double stallMs) {
        return "{\"index\":" + index + ",\"level\":" + level + ",\"bytes\":" + ((level + 1) * 1000 + index + 1)
                + ",\"requestStartMs\":100.0,\"requestEndMs\":150.0,\"bufferSeconds\":" + bufferSeconds
                + ",\"stallMs\":" + stallMs + "}";
    }

    @Test
    void aSessionGetsLevelsFromItsControllerAndReportsItsQoe() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response created = http.post("/api/abr/sessions", "");
            JsonNode session = json(created);
            assertThat(session.get("firstLevel").asInt()).isZero();
            assertThat(session.get("chunkCount").asInt()).isEqualTo(TestContent.CHUNKS);
            assertThat(session.get("bitratesKbps").get(5).asInt()).isEqualTo(4300);
            String id = session.get("sessionId").asText();

            // BBA (reservoir 5 s, cushion 10 s): 20 s of buffer is above both, so the top level.
            JsonNode next = json(http.post("/api/abr/sessions/" + id + "/chunks", report(0, 0, 20, 0)));
            assertThat(next.get("chunk").asInt()).isEqualTo(1);
            assertThat(next.get("level").asInt()).isEqualTo(5);
            assertThat(next.get("decidedBy").asText()).isEqualTo("policy");
            // 2 s of buffer is inside the reservoir: the lowest level.
            JsonNode low = json(http.post("/api/abr/sessions/" + id + "/chunks", report(1, 5, 2, 1000)));
            assertThat(low.get("level").asInt()).isZero();

            JsonNode view = json(http.get("/api/abr/sessions/" + id)).get("session");
            assertThat(view.get("chunks")).hasSize(2);
            assertThat(view.get("chunks").get(1).get("throughputMbps").asDouble())
                    .isCloseTo(6002 * 8.0 / 50 / 1000, org.assertj.core.data.Offset.offset(1e-9));
            // Chunk 1 at 4.3 Mbps after 0.3 Mbps with a 1 s stall: 4.3 - 4.3 * 1 - 4.0.
            assertThat(view.get("qoe").get("qoe").asDouble()).isCloseTo(-4.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(view.get("nextLevel").asInt()).isZero();

            String metrics = http.get("/metrics").text();
            assertThat(metrics).contains("netllm_abr_decisions_total{source=\"policy\"} ");
            assertThat(metrics).contains("# TYPE netllm_abr_decision_latency_seconds histogram");
            assertThat(metrics).contains("netllm_abr_active_sessions ");
        }
    }

    @Test
    void clientMistakesAreAnswered4xxWithAJsonError() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            String id = newSession(http);
            String chunks = "/api/abr/sessions/" + id + "/chunks";

            RawHttp.Response malformed = http.post(chunks, "{\"index\": 0, ");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(json(malformed).get("error").asText()).startsWith("malformed JSON");

            RawHttp.Response missing = http.post(chunks, "{\"index\":0,\"level\":0}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(json(missing).get("error").asText()).contains("missing field 'bytes'");

            RawHttp.Response wrongType = http.post(chunks, report(0, 0, 4, 0).replace("\"level\":0", "\"level\":\"top\""));
            assertThat(wrongType.status()).isEqualTo(400);

            RawHttp.Response outOfRange = http.post(chunks, report(0, 9, 4, 0));
            assertThat(outOfRange.status()).isEqualTo(422);
            assertThat(json(outOfRange).get("error").asText()).contains("level 9 is outside the ladder 0..5");

            RawHttp.Response negativeStall = http.post(chunks, report(0, 0, 4, -1));
            assertThat(negativeStall.status()).isEqualTo(422);

            RawHttp.Response outOfOrder = http.post(chunks, report(2, 0, 4, 0));
            assertThat(outOfOrder.status()).isEqualTo(409);

            RawHttp.Response unknown = http.post("/api/abr/sessions/no-such-session/chunks", report(0, 0, 4, 0));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(json(unknown).get("error").asText()).contains("no session no-such-session");

            RawHttp.Response wrongMethod = http.send("DELETE", "/api/abr/sessions/" + id, null);
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("allow")).isEqualTo("GET");

            // After all of that the session is intact and still answers.
            RawHttp.Response fine = http.post(chunks, report(0, 0, 20, 0));
            assertThat(fine.status()).isEqualTo(200);
        }
    }

    @Test
    void anOversizedBodyIsRefused413WithAJsonError() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            String id = newSession(http);
            String huge = "{\"pad\":\"" + "x".repeat(ServerConfig.DEFAULT_MAX_BODY_BYTES + 10) + "\"}";
            RawHttp.Response response = http.post("/api/abr/sessions/" + id + "/chunks", huge);
            assertThat(response.status()).isEqualTo(413);
            assertThat(json(response).get("error").asText()).contains("larger than");
        }
    }
}
