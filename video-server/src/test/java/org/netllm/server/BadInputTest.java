package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/**
 * The bad input of issue 39 (point 7), each with one clear answer and no server error: CMCD out of range or of the
 * wrong type, an oversized sid, thousands of distinct sids from one client (bounded sessions and state), and chunk
 * sizes that are negative, not finite or not numbers.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String segment(int index, String cmcd) {
        return String.format("/video/chunk-0-%05d.m4s?CMCD=%s", index + 1, URLEncoder.encode(cmcd,
                StandardCharsets.UTF_8));
    }

    private static String error(RawHttp.Response response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void cmcdOutOfRangeOrOfTheWrongTypeIsServedAndCountedUnderItsKeyAlone() throws Exception {
        String[][] cases = {
            {"bl=-5", "bl"}, {"bl=\"full\"", "bl"}, {"mtp=999999999999", "mtp"}, {"d=1.5", "d"},
            {"ot=x", "ot"}, {"su=5", "su"}, {"sid=42", "sid"}, {"br=?1", "br"},
        };
        try (RawHttp http = new RawHttp(server.port())) {
            for (String[] c : cases) {
                long before = server.steering().metrics().malformedOf(c[1]);
                RawHttp.Response served = http.get(segment(0, c[0]));
                assertThat(served.status()).as(c[0]).isEqualTo(200);
                assertThat(served.body()).as(c[0]).hasSize(1001);
                assertThat(server.steering().metrics().malformedOf(c[1])).as(c[0]).isEqualTo(before + 1);
            }
        }
        assertThat(server.serverMetrics().serverErrors()).isZero();
    }

    @Test
    void aTenKilobyteSidIsOneClearAnswerInTheQueryAndInAHeaderAndA100CharacterOneIsIgnored() throws Exception {
        String huge = "s".repeat(10 * 1024);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response query = http.get(segment(0, "sid=\"" + huge + "\""));
            assertThat(query.status()).isEqualTo(414);
            assertThat(error(query)).isEqualTo("the request line is longer than 4096 bytes; shorten the URL (a CMCD "
                    + "sid or cid is at most 64 characters)");
        }
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response header = http.get("/video/chunk-0-00001.m4s", "CMCD-Session: sid=\"" + huge + "\"");
            assertThat(header.status()).isEqualTo(431);
            assertThat(error(header)).isEqualTo("the headers are larger than 8192 bytes; send fewer or shorter headers "
                    + "(a CMCD sid or cid is at most 64 characters)");
        }
        long before = server.steering().metrics().malformedOf("sid");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response longSid = http.get(segment(0, "sid=\"" + "s".repeat(100) + "\""));
            assertThat(longSid.status()).isEqualTo(200);
            assertThat(longSid.header("CMSD-Dynamic")).isEqualTo("\"netllm\"");
        }
        assertThat(server.steering().metrics().malformedOf("sid")).isEqualTo(before + 1);
        assertThat(server.steering().sessions().sessionOf("", "s".repeat(100))).isEmpty();
        assertThat(server.serverMetrics().serverErrors()).isZero();
    }

    @Test
    void tenThousandDistinctSidsFromOneClientOpenItsQuotaOfSessionsAndKeepNoStateForTheRest() throws Exception {
        int sids = 10_000;
        int quota = HttpLimits.DEFAULT.sessionsPerClient();
        try (VideoServer fresh = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("many")),
                Bba.PENSIEVE)); RawHttp http = new RawHttp(fresh.port())) {
            int duress = 0;
            for (int i = 0; i < sids; i++) {
                RawHttp.Response served = http.get(segment(0, "sid=\"player-" + i + "\""));
                assertThat(served.status()).isEqualTo(200);
                if (served.header("CMSD-Dynamic").endsWith(";du")) {
                    duress++;
                }
            }
            // Every segment is served; past the client's quota it carries duress and opens nothing.
            assertThat(duress).isEqualTo(sids - quota);
            assertThat(fresh.steering().metrics().sessionsRefused()).isEqualTo(sids - quota);
            assertThat(fresh.steering().sessions().tracked()).isEqualTo(quota);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fresh.steering().metrics().sessionsOpened() < quota && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(fresh.steering().metrics().sessionsOpened()).isEqualTo(quota);
            assertThat(fresh.sessions().activeSessions()).isEqualTo(quota);
            assertThat(fresh.serverMetrics().serverErrors()).isZero();
        }
    }

    @Test
    void chunkSizesThatAreNegativeNotFiniteOrNotNumbersAreRefusedNamingTheField() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            JsonNode created = JSON.readTree(http.post("/api/abr/sessions", "{}").body());
            String chunks = "/api/abr/sessions/" + created.get("sessionId").asText() + "/chunks";
            String auth = "Authorization: Bearer " + created.get("token").asText();
            String report = "{\"index\":0,\"level\":0,\"bytes\":BYTES,\"requestStartMs\":0,\"requestEndMs\":50,"
                    + "\"bufferSeconds\":4,\"stallMs\":0}";
            String[][] cases = {
                {"-1000", "422", "bytes must be positive, got -1000"},
                {"0", "422", "bytes must be positive, got 0"},
                {"NaN", "400", "malformed JSON"},
                {"\"NaN\"", "400", "field 'bytes' must be"},
                {"1e400", "400", "field 'bytes' must be"},
                {"-Infinity", "400", "malformed JSON"},
                {"\"1000\"", "400", "field 'bytes' must be"},
                {"99999999999999", "400", "field 'bytes' must be"},
            };
            for (String[] c : cases) {
                RawHttp.Response refused = http.post(chunks, report.replace("BYTES", c[0]), auth);
                assertThat(refused.status()).as(c[0] + ": " + refused.text()).isEqualTo(Integer.parseInt(c[1]));
                assertThat(error(refused)).as(c[0]).startsWith(c[2]);
            }
            // The session is unharmed: a good report of chunk 0 is answered.
            RawHttp.Response good = http.post(chunks, report.replace("BYTES", "1001"), auth);
            assertThat(good.status()).as(good.text()).isEqualTo(200);
        }
        assertThat(server.serverMetrics().serverErrors()).isZero();
    }
}
