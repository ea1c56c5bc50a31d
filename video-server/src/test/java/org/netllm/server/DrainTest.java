package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.actors.abr.SessionObservation;
import org.netllm.controller.abr.Bba;

/**
 * The drain a SIGTERM starts ({@code serve}'s shutdown hook calls {@link VideoServer#drain} then closes): no new
 * session opens, a decision already waiting for its policy is answered by the policy, and the drain ends within
 * its bound even when a request never completes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    /** A policy that answers level 2 once the test lets it: a decision held in flight for as long as needed. */
    private static BatchAbrPolicy heldUntil(CountDownLatch release, CountDownLatch asked) {
        return new BatchAbrPolicy() {
            @Override
            public String name() {
                return "held";
            }

            @Override
            public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
                asked.countDown();
                release.await();
                return new int[batch.size()];
            }
        };
    }

    @Test
    void aDrainOpensNoSessionAndAnswersTheDecisionInFlightWithThePolicy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        BatchAbrPolicy held = heldUntil(release, asked);
        try (VideoServer server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("c")),
                Bba.PENSIEVE).withPolicy(() -> held, "held").withDecisionDeadline(Duration.ofSeconds(30)))) {
            JsonNode session;
            try (RawHttp http = new RawHttp(server.port())) {
                session = JSON.readTree(http.post("/api/abr/sessions", "{}").body());
            }
            String chunks = "/api/abr/sessions/" + session.get("sessionId").asText() + "/chunks";
            String auth = "Authorization: Bearer " + session.get("token").asText();
            CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                try (RawHttp http = new RawHttp(server.port())) {
                    http.timeout(30_000);
                    return http.post(chunks, DecisionApiTest.report(0, 0, 4, 0), auth);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(asked.await(20, TimeUnit.SECONDS)).as("the report reached the policy").isTrue();
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.drain(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.readiness().notReadyBecause().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(10);
            }

            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response create = http.post("/api/abr/sessions", "{}");
                assertThat(create.status()).isEqualTo(503);
                assertThat(create.header("retry-after")).isEqualTo("5");
                assertThat(JSON.readTree(create.body()).get("error").asText()).isEqualTo("this server is shutting "
                        + "down: it answers its sessions' requests until they stop, and opens no new session; open it "
                        + "on another server");
                assertThat(http.post("/api/vp/sessions", "").status()).isEqualTo(503);
                assertThat(http.post("/api/cjs/clusters", "").status()).isEqualTo(503);
                RawHttp.Response ready = http.get("/readyz");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.text()).contains("shutting down");
                // A stock player's new sid: its segment is served, no session opened.
                RawHttp.Response segment = http.get("/video/chunk-0-00001.m4s?CMCD="
                        + URLEncoder.encode("sid=\"late\"", StandardCharsets.UTF_8));
                assertThat(segment.status()).isEqualTo(200);
                assertThat(segment.header("CMSD-Dynamic")).isEqualTo("\"netllm\";du");
            }
            assertThat(server.steering().sessions().sessionOf("", "late")).isEmpty();
            assertThat(drained).isNotDone();

            release.countDown();
            RawHttp.Response answered = inFlight.get(20, TimeUnit.SECONDS);
            assertThat(answered.status()).as(answered.text()).isEqualTo(200);
            assertThat(JSON.readTree(answered.body()).get("decidedBy").asText()).isEqualTo("policy");
            assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(server.serverMetrics().requestsInFlight()).isZero();
        }
    }

    @Test
    void aRequestThatNeverCompletesHoldsTheDrainOnlyUntilItsBound() throws Exception {
        try (VideoServer server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("c")),
                Bba.PENSIEVE)); RawHttp stuck = new RawHttp(server.port())) {
            // A body announced and never sent: its request is in flight until the request timeout closes it.
            stuck.write("POST /api/abr/sessions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.serverMetrics().requestsInFlight() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(server.serverMetrics().requestsInFlight()).isEqualTo(1);

            assertThat(server.drain(Duration.ofMillis(300))).isFalse();
            assertThat(server.serverMetrics().requestsInFlight()).isEqualTo(1);
        }
    }
}
