package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/** The probes of issue 13 on a real socket: each pins a defect a hostile or sloppy client could exploit. */
class HostileClientTest {

    @TempDir
    static Path tmp;
    private static Path content;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        content = TestContent.write(tmp.resolve("content"));
        // Large enough that a hundred of its responses cannot all sit in the kernel's socket buffers.
        Files.write(content.resolve("big.bin"), new byte[1 << 20]);
        server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withDecisionDeadline(Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp client() throws IOException {
        return new RawHttp(server.port());
    }

    @Test
    void badPercentEscapeIsAnswered400OnEveryRouteAndTheConnectionStaysUsable() throws IOException {
        try (RawHttp http = client()) {
            for (String target : new String[] {"/%zz", "/video/%zz.m4s", "/api/abr/sessions/%g1", "/metrics%",
                    "/player/%E0%A4%A"}) {
                RawHttp.Response response = http.get(target);
                assertThat(response.status()).as(target).isEqualTo(400);
                assertThat(response.text()).as(target).contains("percent escape");
            }
            assertThat(http.get("/video/manifest.mpd").status()).isEqualTo(200);
        }
    }

    @Test
    void repeatedClientMistakesLogNoStackTraceAndAtMostALine() throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RawHttp http = client()) {
            for (int i = 0; i < 300; i++) {
                assertThat(http.get("/%zz" + i).status()).isEqualTo(400);
            }
            assertThat(http.send("GET", "/video/manifest.mpd", null).status()).isEqualTo(200);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(log.lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void httpVersionsOtherThanOneAreAnswered505() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response response = http.raw("GET /video/manifest.mpd HTTP/9.9\r\nHost: a\r\n\r\n");
            assertThat(response.status()).isEqualTo(505);
        }
    }

    @Test
    void metricsAnswersGetAndHeadOnly() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response post = http.post("/metrics", "{}");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("allow")).isEqualTo("GET, HEAD");
            assertThat(http.send("DELETE", "/metrics", null).status()).isEqualTo(405);
            assertThat(http.send("HEAD", "/metrics", null).status()).isEqualTo(200);
            assertThat(http.get("/metrics").status()).isEqualTo(200);
            for (String target : new String[] {"/video/manifest.mpd", "/player/index.html", "/dashboard"}) {
                RawHttp.Response put = http.send("PUT", target, "x");
                assertThat(put.status()).as(target).isEqualTo(405);
                assertThat(put.header("allow")).as(target).isEqualTo("GET, HEAD");
            }
        }
    }

    @Test
    void aTrailingSlashAfterAFileIsNotThatFile() throws IOException {
        try (RawHttp http = client()) {
            assertThat(http.get("/video/manifest.mpd/").status()).isEqualTo(404);
            assertThat(http.get("/video/chunk-0-00001.m4s/").status()).isEqualTo(404);
            assertThat(http.get("/video/chunk-0-00001.m4s").status()).isEqualTo(200);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() throws IOException {
        try (RawHttp http = client()) {
            DecisionApiTest.Session session = DecisionApiTest.newSession(http);
            StringBuilder pipeline = new StringBuilder();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i % 4 == 0 && i / 4 < TestContent.CHUNKS) {
                    // The decision API answers asynchronously (through the actors), content synchronously.
                    String body = DecisionApiTest.report(i / 4, 0, 20, 0);
                    pipeline.append("POST ").append(session.chunks()).append(" HTTP/1.1\r\nHost: a\r\n")
                            .append(session.auth()).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                            .append(body.length()).append("\r\n\r\n").append(body);
                    expected.add(-(i / 4) - 1);
                } else {
                    int level = i % 6;
                    pipeline.append("GET /video/chunk-").append(level).append("-00001.m4s HTTP/1.1\r\nHost: a\r\n\r\n");
                    expected.add((level + 1) * 1000 + 1);
                }
            }
            http.write(pipeline.toString());
            for (int i = 0; i < expected.size(); i++) {
                RawHttp.Response response = http.next();
                assertThat(response.status()).as("response %d", i).isEqualTo(200);
                if (expected.get(i) < 0) {
                    // Report k answers the decision for chunk k + 1 (or finished, after the last).
                    int k = -expected.get(i) - 1;
                    assertThat(response.text()).as("response %d", i)
                            .contains(k + 1 < TestContent.CHUNKS ? "\"chunk\":" + (k + 1) : "\"finished\":true");
                } else {
                    assertThat(response.body()).as("response %d", i).hasSize(expected.get(i));
                }
            }
        }
    }

    @Test
    void pipelinedAnswersBeforeConnectionCloseAreAllWrittenAndNothingAfterIt() throws IOException {
        try (RawHttp http = client()) {
            DecisionApiTest.Session session = DecisionApiTest.newSession(http);
            String body = DecisionApiTest.report(0, 0, 20, 0);
            http.write("POST " + session.chunks() + " HTTP/1.1\r\nHost: a\r\n" + session.auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    + "GET /video/chunk-0-00001.m4s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    + "GET /video/chunk-1-00001.m4s HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(http.next().text()).contains("\"chunk\":1");
            RawHttp.Response file = http.next();
            assertThat(file.body()).hasSize(1001);
            assertThat(file.header("connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aReportPipelinedBeforeAGarbageRequestStillGetsItsAnswer() throws IOException {
        try (RawHttp http = client()) {
            DecisionApiTest.Session session = DecisionApiTest.newSession(http);
            String body = DecisionApiTest.report(0, 0, 20, 0);
            http.write("POST " + session.chunks() + " HTTP/1.1\r\nHost: a\r\n" + session.auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    + "GARBAGE\u0001 / HTTP/1.1\r\n\r\n");
            RawHttp.Response answer = http.next();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).contains("\"chunk\":1");
            assertThat(http.next().status()).isEqualTo(400);
        }
    }

    @Test
    void aPipeliningClientThatReadsNothingHoldsAtMostOneFileOpen() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(4096);
            // Fewer than the codec's limit of 128 pipelined requests, which would close the connection.
            String one = "GET /video/big.bin HTTP/1.1\r\nHost: a\r\n\r\n";
            byte[] many = one.repeat(100).getBytes(StandardCharsets.US_ASCII);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(many);
                } catch (IOException ignored) {
                    // The server may stop reading; the socket closes at the end of the test.
                }
            });
            writer.setDaemon(true);
            writer.start();
            // Wait (event-based, generously) until the server has opened a file for this connection.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long open = 0;
            while (System.nanoTime() < deadline && open == 0) {
                Thread.sleep(50);
                open = openContentFiles();
            }
            Thread.sleep(1000);
            assertThat(openContentFiles()).isBetween(0L, 1L);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    private static long openContentFiles() throws IOException {
        Path realContent = content.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(realContent);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void connectionsPastTheCapAreRefused503AtOnce() throws Exception {
        try (VideoServer small = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withHttpLimits(HttpLimits.DEFAULT.withMaxConnections(2)));
             RawHttp first = new RawHttp(small.port());
             RawHttp second = new RawHttp(small.port())) {
            assertThat(first.get("/video/manifest.mpd").status()).isEqualTo(200);
            assertThat(second.get("/video/manifest.mpd").status()).isEqualTo(200);
            try (RawHttp third = new RawHttp(small.port())) {
                RawHttp.Response refused = third.next();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.text()).endsWith("\"status\":503}").hasSize(
                        Integer.parseInt(refused.header("content-length")));
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(small.serverMetrics().connectionsRefused()).isEqualTo(1);
            assertThat(first.get("/video/manifest.mpd").status()).isEqualTo(200);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (VideoServer small = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withHttpLimits(HttpLimits.DEFAULT.withIdleTimeout(Duration.ofSeconds(1))));
             RawHttp idle = new RawHttp(small.port())) {
            assertThat(idle.get("/video/manifest.mpd").status()).isEqualTo(200);
            assertThat(idle.closedByServer()).isTrue();
        }
    }

    @Test
    void aSenderDribblingARequestIsClosedAfterTheRequestTimeoutThoughNeverIdle() throws Exception {
        try (VideoServer small = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE)
                .withHttpLimits(HttpLimits.DEFAULT.withRequestTimeout(Duration.ofSeconds(1))));
             RawHttp slow = new RawHttp(small.port())) {
            java.util.concurrent.atomic.AtomicBoolean stillSending = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread dribble = new Thread(() -> {
                // A byte every 200 ms for up to 20 s: the connection is never idle, the request never complete.
                String request = "GET /video/manifest.mpd HTTP/1.1\r\nHost: a\r\nX-Pad: " + "a".repeat(200);
                try {
                    for (int i = 0; i < 100 && stillSending.get(); i++) {
                        slow.write(String.valueOf(request.charAt(Math.min(i, request.length() - 1))));
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException closed) {
                    return;
                }
                stillSending.set(false);
            });
            dribble.setDaemon(true);
            dribble.start();
            slow.timeout(30_000);
            assertThat(slow.closedByServer()).isTrue();
            assertThat(stillSending.getAndSet(false)).as("closed while the client was still sending").isTrue();
        }
    }
}
