package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/** A client that hangs up halfway through a request body is routine, not a server failure (issue 39, point 8). */
class MidBodyCloseTest {

    @TempDir
    Path tmp;

    @Test
    void aClientClosingMidBodyIsNotAServerError() throws Exception {
        try (VideoServer server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("c")),
                Bba.PENSIEVE))) {
            try (RawHttp http = new RawHttp(server.port())) {
                http.write("POST /api/abr/sessions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"first");
            }
            // The server sees the close on its own time: wait until the connection is gone.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.serverMetrics().openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(200);

            assertThat(server.serverMetrics().openConnections()).isZero();
            assertThat(server.serverMetrics().serverErrors()).isZero();
            try (RawHttp http = new RawHttp(server.port())) {
                assertThat(http.get("/metrics").text()).contains("netllm_http_server_errors_total 0.0");
            }
        }
    }
}
