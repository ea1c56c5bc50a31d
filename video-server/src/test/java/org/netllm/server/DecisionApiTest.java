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

    /** A session and the token that proves it is ours. */
    record Session(String id, String token) {
        String auth() {
            return "Authorization: Bearer " + token;
        }

        String chunks() {
            return "/api/abr/sessions/" + id + "/chunks";
        }
    }

    static Session newSession(RawHttp http) throws IOException {
        RawHttp.Response created = http.post("/api/abr/sessions", "{}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        return new Session(body.get("sessionId").asText(), body.get("token").asText());
    }

    static String report(int index, int level, double bufferSeconds, double stallMs) {
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
            String auth = "Authorization: Bearer " + session.get("token").asText();

            // BBA (reservoir 5 s, cushion 10 s): 20 s of buffer is above both, so the top level.
            JsonNode next = json(http.post("/api/abr/sessions/" + id + "/chunks", report(0, 0, 20, 0), auth));
            assertThat(next.get("chunk").asInt()).isEqualTo(1);
            assertThat(next.get("level").asInt()).isEqualTo(5);
            assertThat(next.get("decidedBy").asText()).isEqualTo("policy");
            // 2 s of buffer is inside the reservoir: the lowest level.
            JsonNode low = json(http.post("/api/abr/sessions/" + id + "/chunks", report(1, 5, 2, 1000), auth));
            assertThat(low.get("level").asInt()).isZero();

            JsonNode view = json(http.get("/api/abr/sessions/" + id, auth)).get("session");
            assertThat(view.get("chunks")).hasSize(2);
            assertThat(view.get("chunks").get(1).get("throughputMbps").asDouble())
                    .isCloseTo(6002 * 8.0 / 50 / 1000, org.assertj.core.data.Offset.offset(1e-9));
            // Chunk 1 at 4.3 Mbps after 0.3 Mbps with a 1 s stall: 4.3 - 4.3 * 1 - 4.0.
            assertThat(view.get("qoe").get("qoe").asDouble()).isCloseTo(-4.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(view.get("nextLevel").asInt()).isZero();

            RawHttp.Response scrape = http.get("/metrics");
            assertThat(scrape.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            String metrics = scrape.text();
            assertThat(metrics).contains("netllm_abr_decisions_total{source=\"policy\"} ");
            assertThat(metrics).contains("jvm_memory_used_bytes{area=\"heap\"}").contains("jvm_threads_current")
                    .contains("netllm_http_open_connections ");
            assertThat(metrics).contains("# TYPE netllm_abr_decision_latency_seconds histogram");
            assertThat(metrics).contains("netllm_abr_active_sessions ");
        }
    }

    @Test
    void clientMistakesAreAnswered4xxWithAJsonError() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Session session = newSession(http);
            String id = session.id();
            String chunks = session.chunks();
            String auth = session.auth();

            RawHttp.Response malformed = http.post(chunks, "{\"index\": 0, ", auth);
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(json(malformed).get("error").asText()).startsWith("malformed JSON");

            RawHttp.Response missing = http.post(chunks, "{\"index\":0,\"level\":0}", auth);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(json(missing).get("error").asText()).contains("missing field 'bytes'");

            RawHttp.Response wrongType = http.post(chunks, report(0, 0, 4, 0).replace("\"level\":0", "\"level\":\"top\""), auth);
            assertThat(wrongType.status()).isEqualTo(400);

            RawHttp.Response outOfRange = http.post(chunks, report(0, 9, 4, 0), auth);
            assertThat(outOfRange.status()).isEqualTo(422);
            assertThat(json(outOfRange).get("error").asText()).contains("level 9 is outside the ladder 0..5");

            RawHttp.Response negativeStall = http.post(chunks, report(0, 0, 4, -1), auth);
            assertThat(negativeStall.status()).isEqualTo(422);

            RawHttp.Response outOfOrder = http.post(chunks, report(2, 0, 4, 0), auth);
            assertThat(outOfOrder.status()).isEqualTo(409);

            RawHttp.Response unknown = http.post("/api/abr/sessions/no-such-session/chunks", report(0, 0, 4, 0));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(json(unknown).get("error").asText()).contains("no session no-such-session");

            RawHttp.Response wrongMethod = http.send("DELETE", "/api/abr/sessions/" + id, null);
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("allow")).isEqualTo("GET, HEAD");

            // After all of that the session is intact and still answers.
            RawHttp.Response fine = http.post(chunks, report(0, 0, 20, 0), auth);
            assertThat(fine.status()).isEqualTo(200);
        }
    }

    @Test
    void anOversizedBodyIsRefused413WithAJsonError() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Session session = newSession(http);
            String huge = "{\"pad\":\"" + "x".repeat(ServerConfig.DEFAULT_MAX_BODY_BYTES + 10) + "\"}";
            RawHttp.Response response = http.post(session.chunks(), huge, session.auth());
            assertThat(response.status()).isEqualTo(413);
            assertThat(json(response).get("error").asText()).contains("larger than");
        }
    }

    @Test
    void jsonWithTrailingTokensDuplicateKeysOrAbsurdNumbersIsRefused400() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Session session = newSession(http);
            String good = report(0, 0, 20, 0);
            for (String bad : new String[] {
                    good + " {}", good + "x", good.replace("{\"index\":0,", "{\"index\":0,\"index\":0,"),
                    good.replace("\"requestEndMs\":150.0", "\"requestEndMs\":1e308"),
                    good.replace("\"requestEndMs\":150.0", "\"requestEndMs\":1e400"),
                    good.replace("\"stallMs\":0.0", "\"stallMs\":1e300"),
                    good.replace("\"index\":0", "\"index\":0.5"), "[" + good + "]", ""}) {
                RawHttp.Response response = http.post(session.chunks(), bad, session.auth());
                assertThat(response.status()).as(bad).isEqualTo(400);
                assertThat(json(response).get("error").asText()).as(bad).isNotBlank();
            }
            // None of them changed the session: chunk 0 is still the one expected.
            assertThat(http.post(session.chunks(), good, session.auth()).status()).isEqualTo(200);
        }
    }

    @Test
    void reportsAndReadsNeedTheSessionsOwnToken() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            Session mine = newSession(http);
            Session theirs = newSession(http);
            assertThat(mine.token()).isNotEqualTo(theirs.token()).hasSizeGreaterThanOrEqualTo(32);
            RawHttp.Response none = http.post(mine.chunks(), report(0, 0, 20, 0));
            assertThat(none.status()).isEqualTo(403);
            assertThat(json(none).get("error").asText()).contains("Authorization: Bearer");
            assertThat(http.post(mine.chunks(), report(0, 0, 20, 0), theirs.auth()).status()).isEqualTo(403);
            assertThat(http.post(mine.chunks(), report(0, 0, 20, 0), "Authorization: Bearer x").status())
                    .isEqualTo(403);
            assertThat(http.post(mine.chunks(), report(0, 0, 20, 0), mine.auth()).status()).isEqualTo(200);
            // Another client's segment requests tagged with my session are not logged as mine.
            http.get("/video/chunk-3-00002.m4s", SegmentLog.SESSION_HEADER + ": " + mine.id(), theirs.auth());
            http.get("/video/chunk-1-00002.m4s", SegmentLog.SESSION_HEADER + ": " + mine.id(), mine.auth());
            assertThat(server.segments().servedTo(mine.id())).containsExactly(new DashContent.Segment(1, 1));
        }
    }

    @Test
    void aSessionCanStartAtALaterChunkToCarryOn() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = json(http.post("/api/abr/sessions", "{\"firstChunk\": 2}"));
            assertThat(created.get("firstChunk").asInt()).isEqualTo(2);
            Session session = new Session(created.get("sessionId").asText(), created.get("token").asText());
            JsonNode next = json(http.post(session.chunks(), report(2, 0, 20, 0), session.auth()));
            assertThat(next.get("chunk").asInt()).isEqualTo(3);
            assertThat(http.post("/api/abr/sessions", "{\"firstChunk\": " + TestContent.CHUNKS + "}").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void theSessionListIsOnePageOfSummariesWithALinkToTheNext() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < 3; i++) {
                Session s = newSession(http);
                http.post(s.chunks(), report(0, 0, 20, 0), s.auth());
            }
            JsonNode first = json(http.get("/api/abr/sessions?limit=2"));
            assertThat(first.get("sessions")).hasSize(2);
            assertThat(first.get("total").asInt()).isGreaterThanOrEqualTo(3);
            JsonNode summary = first.get("sessions").get(0);
            assertThat(summary.has("chunks")).isFalse();
            assertThat(summary.has("qoe")).isTrue();
            assertThat(summary.get("chunksReported").asInt()).isEqualTo(1);
            JsonNode second = json(http.get(first.get("next").asText()));
            assertThat(second.get("sessions").get(0).get("id").asText())
                    .isNotIn(first.get("sessions").get(0).get("id").asText(), first.get("sessions").get(1).get("id").asText());
            assertThat(http.get("/api/abr/sessions?limit=0").status()).isEqualTo(400);
            assertThat(http.get("/api/abr/sessions?limit=x").status()).isEqualTo(400);
        }
    }
}
