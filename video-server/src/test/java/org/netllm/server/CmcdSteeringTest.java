package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionView;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.Bba;
import org.netllm.server.abr.CmcdSteering;

/** CMCD in, CMSD out, on a real socket: the session a stock player's sid opens, and what each response carries. */
class CmcdSteeringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static Path content;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        content = TestContent.write(tmp.resolve("content"));
        // BBA decides from the buffer alone, so each mb below follows from the bl the request carried.
        server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String segment(int level, int index, String cmcd) {
        return String.format("/video/chunk-%d-%05d.m4s?CMCD=%s", level, index + 1,
                URLEncoder.encode(cmcd, StandardCharsets.UTF_8));
    }

    @Test
    void aSidOpensASessionAndEachSegmentReportsThePreviousOneAndCarriesThePolicysChoice() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response first = http.get(segment(2, 0, "bl=0,br=1200,cid=\"c\",d=4000,ot=v,sid=\"steered\",su"));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).hasSize(3 * 1000 + 1);
            assertThat(first.header("CMSD-Static")).isEqualTo("br=1200,d=4000,ot=v,sf=d,st=v");
            // Nobody has decided yet: the simulator's first level.
            assertThat(first.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=300");
            String id = server.steering().sessions().sessionOf("c", "steered").orElseThrow();

            // 30 s of buffer after chunk 0: BBA's top level.
            RawHttp.Response second = http.get(segment(0, 1, "bl=30000,br=300,cid=\"c\",mtp=20000,ot=v,sid=\"steered\""));
            assertThat(second.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=4300");
            // 2 s: below BBA's reservoir, the lowest.
            RawHttp.Response third = http.get(segment(5, 2, "bl=2000,br=4300,cid=\"c\",ot=v,sid=\"steered\""));
            assertThat(third.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=300");

            SessionView view = server.sessions().get(id).orElseThrow();
            assertThat(view.chunks()).extracting(ChunkRecord::index, ChunkRecord::level, ChunkRecord::bytes)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2, 3001L),
                            org.assertj.core.groups.Tuple.tuple(1, 0, 1002L));
            assertThat(view.chunks().get(0).bufferMs()).isEqualTo(30_000.0);
            // mtp = 20 Mbps bounds chunk 0's download from below: 3001 bytes take at least 1.2 ms.
            assertThat(view.chunks().get(0).delayMs()).isGreaterThanOrEqualTo(3001 * 8.0 / 20_000 - 1e-9);
            assertThat(view.chunks().get(1).bufferMs()).isEqualTo(2_000.0);
            assertThat(server.decisionMetrics().decisions(DecisionMetrics.Source.POLICY)).isGreaterThanOrEqualTo(2);

            // The last chunk has no request after it: it is reported once sent, and the session finishes.
            http.get(segment(0, 3, "bl=3000,cid=\"c\",sid=\"steered\""));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!server.sessions().get(id).orElseThrow().finished() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(server.sessions().get(id).orElseThrow().finished()).isTrue();

            JsonNode read = JSON.readTree(http.get("/api/abr/sessions/" + id).body());
            assertThat(read.get("cmcd").get("sid").asText()).isEqualTo("steered");
            assertThat(read.get("cmcd").get("served").toString())
                    .isEqualTo("[{\"index\":0,\"level\":2,\"maxBitrateKbps\":300,\"decidedBy\":\"initial\"},"
                            + "{\"index\":1,\"level\":0,\"maxBitrateKbps\":4300,\"decidedBy\":\"policy\"},"
                            + "{\"index\":2,\"level\":5,\"maxBitrateKbps\":300,\"decidedBy\":\"policy\"},"
                            + "{\"index\":3,\"level\":0,\"maxBitrateKbps\":300,\"decidedBy\":\"policy\"}]");
            String metrics = http.get("/metrics").text();
            assertThat(metrics).contains("netllm_cmsd_max_bitrate_total{decided_by=\"policy\"}")
                    .contains("netllm_cmcd_sessions_opened_total");
        }
    }

    @Test
    void malformedCmcdIsServedIgnoredAndCounted() throws Exception {
        long before = server.steering().metrics().malformedOf("bl");
        long syntax = server.steering().metrics().malformedOf("syntax");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response typed = http.get(segment(1, 0, "bl=\"lots\",br=750"));
            RawHttp.Response broken = http.get(segment(1, 0, "bl=1,,sid=\"x\""));

            assertThat(typed.status()).isEqualTo(200);
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.body()).hasSize(2001);
            // No session without a sid: the object is described, nothing suggested.
            assertThat(typed.header("CMSD-Dynamic")).isEqualTo("\"netllm\"");
        }
        assertThat(server.steering().metrics().malformedOf("bl")).isEqualTo(before + 1);
        assertThat(server.steering().metrics().malformedOf("syntax")).isEqualTo(syntax + 1);
    }

    @Test
    void aClientPastItsSessionQuotaIsServedWithDuressAndNoSession() throws Exception {
        try (VideoServer small = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withHttpLimits(HttpLimits.DEFAULT.withSessionsPerClient(3)));
             RawHttp http = new RawHttp(small.port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get(segment(0, 0, "sid=\"quota-" + i + "\"")).header("CMSD-Dynamic"))
                        .isEqualTo("\"netllm\";mb=300");
            }
            RawHttp.Response over = http.get(segment(0, 0, "sid=\"quota-over\""));

            assertThat(over.status()).isEqualTo(200);
            assertThat(over.header("CMSD-Dynamic")).isEqualTo("\"netllm\";du");
            assertThat(small.steering().sessions().sessionOf("", "quota-over")).isEmpty();
            assertThat(small.steering().metrics().sessionsRefused()).isEqualTo(1);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (small.steering().metrics().sessionsOpened() < 3 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(small.steering().metrics().sessionsOpened()).isEqualTo(3);
        }
    }

    @Test
    void strictModeRefusesMalformedCmcdWith400NamingTheKey() throws Exception {
        try (VideoServer strict = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE).toBuilder()
                .cmcd(CmcdSteering.Mode.STRICT).build());
             RawHttp http = new RawHttp(strict.port())) {
            RawHttp.Response refused = http.get(segment(0, 0, "mtp=fast,sid=\"s\""));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).contains("CMCD key mtp must be an integer");
            assertThat(http.get(segment(0, 0, "mtp=100,sid=\"s\"")).status()).isEqualTo(200);
        }
    }

    @Test
    void aPolicyWithAThroughputEstimateSendsItAsEtp() throws Exception {
        try (VideoServer rate = VideoServer.start(ServerConfig.of(0, content, AbrPolicies.byName("rate"))
                .withDecisionDeadline(Duration.ofSeconds(10)));
             RawHttp http = new RawHttp(rate.port())) {
            http.get(segment(0, 0, "sid=\"e\""));
            // 1001 bytes at the player's 100 kbps took 80 ms (far above loopback's send time): the estimate is 100.
            RawHttp.Response second = http.get(segment(0, 1, "bl=8000,mtp=100,sid=\"e\""));

            assertThat(second.header("CMSD-Dynamic")).isEqualTo("\"netllm\";etp=100;mb=300");
        }
    }
}
