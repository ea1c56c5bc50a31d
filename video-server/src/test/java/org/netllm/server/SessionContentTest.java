package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.actors.abr.SessionObservation;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.Video;

/**
 * Per-session content (issue 39, points 4 and 7): a session names another title the server holds or declares its
 * ladder and chunk sizes; bad ladders (no level, 1,000 levels, negative, NaN or non-numeric sizes) get one clear
 * answer each, and a ladder the policy cannot decide over is 422 naming why.
 */
class SessionContentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;
    private static VideoServer sixLevelsOnly;

    /** BBA, but like a model adapted on a 6-level ladder: it cannot decide over other level counts. */
    private static BatchAbrPolicy sixLevelBba() {
        BatchAbrPolicy bba = BatchAbrPolicy.perSession(Bba.PENSIEVE);
        return new BatchAbrPolicy() {
            @Override
            public String name() {
                return "six-level";
            }

            @Override
            public Optional<String> cannotServe(Video video) {
                return video.levels() == 6 ? Optional.empty()
                        : Optional.of("model six-level was adapted on a 6-level ladder but the video " + video.name()
                                + " has " + video.levels() + " levels");
            }

            @Override
            public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
                return bba.chooseLevels(batch);
            }
        };
    }

    @BeforeAll
    static void start() throws Exception {
        Path content = TestContent.write(tmp.resolve("content"));
        // A second title beside the server's video: three levels, five chunks.
        TestContent.write(content.resolve("short"), 5, new int[] {200, 600, 1500});
        server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10)));
        sixLevelsOnly = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withPolicy(SessionContentTest::sixLevelBba, "six-level"));
    }

    @AfterAll
    static void stop() {
        server.close();
        sixLevelsOnly.close();
    }

    private static String error(RawHttp.Response response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    private static String report(int index, int level, long bytes, double bufferSeconds) {
        return "{\"index\":" + index + ",\"level\":" + level + ",\"bytes\":" + bytes + ",\"requestStartMs\":0,"
                + "\"requestEndMs\":500,\"bufferSeconds\":" + bufferSeconds + ",\"stallMs\":0}";
    }

    @Test
    void aSessionNamingAnotherTitlePlaysItsLadderAndChunks() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response created = http.post("/api/abr/sessions", "{\"title\":\"short\"}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode session = JSON.readTree(created.body());
            assertThat(session.get("video").asText()).isEqualTo("short");
            assertThat(session.get("bitratesKbps").toString()).isEqualTo("[200,600,1500]");
            assertThat(session.get("chunkCount").asInt()).isEqualTo(5);
            String chunks = "/api/abr/sessions/" + session.get("sessionId").asText() + "/chunks";
            String auth = "Authorization: Bearer " + session.get("token").asText();
            // BBA over the title's ladder: 20 s of buffer is past its cushion, so its top level, 2.
            JsonNode next = JSON.readTree(http.post(chunks, report(0, 0, 1001, 20), auth).body());
            assertThat(next.get("level").asInt()).isEqualTo(2);
            RawHttp.Response outside = http.post(chunks, report(1, 3, 1001, 20), auth);
            assertThat(outside.status()).isEqualTo(422);
            assertThat(error(outside)).isEqualTo("level 3 is outside the ladder 0..2");

            RawHttp.Response unknown = http.post("/api/abr/sessions", "{\"title\":\"long\"}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(error(unknown)).startsWith("no title 'long' on this server; it holds [short]");
        }
    }

    @Test
    void aStockPlayerOnATitleIsSteeredOverThatTitlesLadder() throws Exception {
        String first = "/video/short/chunk-0-00001.m4s?CMCD=" + java.net.URLEncoder.encode("bl=0,ot=v,sid=\"on-short\"",
                java.nio.charset.StandardCharsets.UTF_8);
        String second = "/video/short/chunk-0-00002.m4s?CMCD=" + java.net.URLEncoder.encode(
                "bl=30000,mtp=20000,ot=v,sid=\"on-short\"", java.nio.charset.StandardCharsets.UTF_8);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response start = http.get(first);
            assertThat(start.status()).isEqualTo(200);
            assertThat(start.header("CMSD-Static")).startsWith("br=200,");
            assertThat(start.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=200");
            // BBA over the title's ladder: 30 s of buffer is its top level, 1500 kbps.
            RawHttp.Response next = http.get(second);
            assertThat(next.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=1500");
        }
        String id = server.steering().sessions().sessionOf("", "on-short").orElseThrow();
        assertThat(server.sessions().get(id).orElseThrow().bitratesKbps()).containsExactly(200, 600, 1500);
    }

    @Test
    void aSessionDeclaringItsLadderIsDecidedOverItUntilItsLastChunk() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response created = http.post("/api/abr/sessions", "{\"ladder\":{\"bitratesKbps\":[200,800],"
                    + "\"chunkSeconds\":2,\"chunkBytes\":[[50000,50000,50000],[200000,200000,200000]]}}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode session = JSON.readTree(created.body());
            assertThat(session.get("video").asText()).isEqualTo("declared");
            assertThat(session.get("chunkSeconds").asDouble()).isEqualTo(2.0);
            assertThat(session.get("chunkCount").asInt()).isEqualTo(3);
            String chunks = "/api/abr/sessions/" + session.get("sessionId").asText() + "/chunks";
            String auth = "Authorization: Bearer " + session.get("token").asText();
            assertThat(JSON.readTree(http.post(chunks, report(0, 0, 50000, 20), auth).body()).get("level").asInt())
                    .isEqualTo(1);
            assertThat(http.post(chunks, report(1, 1, 200000, 20), auth).status()).isEqualTo(200);
            JsonNode finished = JSON.readTree(http.post(chunks, report(2, 1, 200000, 20), auth).body());
            assertThat(finished.get("finished").asBoolean()).isTrue();
            // Chunks 1 and 2 at 800 kbps, no stall: 0.8 - |0.8 - 0.2| for the switch up, then 0.8; the mean 0.5.
            assertThat(finished.get("qoe").get("qoe").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void badLaddersGetOneClearAnswerEach() throws IOException {
        StringBuilder thousand = new StringBuilder("{\"ladder\":{\"bitratesKbps\":[");
        for (int level = 1; level <= 1000; level++) {
            thousand.append(level == 1 ? "" : ",").append(level);
        }
        thousand.append("],\"chunkSeconds\":4,\"chunkBytes\":[").append("[1,1],".repeat(999)).append("[1,1]]}}");
        String[][] cases = {
            {"{\"ladder\":{\"bitratesKbps\":[],\"chunkSeconds\":4,\"chunkBytes\":[]}}", "400",
                "ladder.bitratesKbps must hold at least one level"},
            {thousand.toString(), "413",
                "ladder.bitratesKbps holds 1000 levels; this server takes at most 12 (MPC's plan search grows as "
                        + "levels^5)"},
            {"{\"ladder\":{\"bitratesKbps\":[300],\"chunkSeconds\":4,\"chunkBytes\":[[100,-5]]}}", "400",
                "ladder.chunkBytes[0][1] must be an integer in 1..1099511627776, got -5"},
            {"{\"ladder\":{\"bitratesKbps\":[300],\"chunkSeconds\":4,\"chunkBytes\":[[100,NaN]]}}", "400",
                "malformed JSON"},
            {"{\"ladder\":{\"bitratesKbps\":[300],\"chunkSeconds\":4,\"chunkBytes\":[[100,\"NaN\"]]}}", "400",
                "ladder.chunkBytes[0][1] must be an integer in 1..1099511627776, got \"NaN\""},
            {"{\"ladder\":{\"bitratesKbps\":[300],\"chunkSeconds\":4,\"chunkBytes\":[[100,2.5]]}}", "400",
                "ladder.chunkBytes[0][1] must be an integer in 1..1099511627776, got 2.5"},
            {"{\"ladder\":{\"bitratesKbps\":[300,200],\"chunkSeconds\":4,\"chunkBytes\":[[1,1],[1,1]]}}", "400",
                "ladder.bitratesKbps must increase, lowest level first: level 1 has 200 after 300"},
            {"{\"ladder\":{\"bitratesKbps\":[300,600],\"chunkSeconds\":4,\"chunkBytes\":[[1,1],[1,1,1]]}}", "400",
                "ladder.chunkBytes[1] holds 3 chunks but ladder.chunkBytes[0] holds 2; every level has every chunk"},
            {"{\"title\":\"short\",\"ladder\":{}}", "400", "name a 'title' or declare a 'ladder', not both"},
            {"{\"video\":\"short\"}", "400", "unknown field 'video'"},
        };
        try (RawHttp http = new RawHttp(server.port())) {
            for (String[] c : cases) {
                RawHttp.Response refused = http.post("/api/abr/sessions", c[0]);
                assertThat(refused.status()).as(c[2]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(error(refused)).as(c[0].length() > 200 ? c[0].substring(0, 200) : c[0]).startsWith(c[2]);
            }
        }
        assertThat(server.sessions().activeSessions()).isLessThanOrEqualTo(2);
        assertThat(server.serverMetrics().serverErrors()).isZero();
    }

    @Test
    void aLadderThePolicyCannotDecideOverIs422NamingWhy() throws IOException {
        try (RawHttp http = new RawHttp(sixLevelsOnly.port())) {
            RawHttp.Response title = http.post("/api/abr/sessions", "{\"title\":\"short\"}");
            assertThat(title.status()).isEqualTo(422);
            assertThat(error(title)).isEqualTo("model six-level was adapted on a 6-level ladder but the video short "
                    + "has 3 levels");
            RawHttp.Response declared = http.post("/api/abr/sessions", "{\"ladder\":{\"bitratesKbps\":[1,2,3,4,5,6],"
                    + "\"chunkSeconds\":4,\"chunkBytes\":[[1,1],[1,1],[1,1],[1,1],[1,1],[1,1]]}}");
            assertThat(declared.status()).as(declared.text()).isEqualTo(201);
            assertThat(http.post("/api/abr/sessions", "{}").status()).isEqualTo(201);
        }
    }
}
