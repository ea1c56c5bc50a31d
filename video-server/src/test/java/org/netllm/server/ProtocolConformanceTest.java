package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/** What RFC 9110/9112 ask of a server, as a probe of ./netllm serve found missing (issue 39, point 8). */
class ProtocolConformanceTest {

    @TempDir
    Path tmp;

    private VideoServer start(ServerConfig.Builder config) throws Exception {
        return VideoServer.start(config.build());
    }

    private ServerConfig.Builder config() throws Exception {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        return ServerConfig.of(0, TestContent.write(tmp.resolve("c")), Bba.PENSIEVE).toBuilder()
                .clusters(org.netllm.server.cjs.CjsLive.of(org.netllm.controller.cjs.RoundRobin.fair(), tpch, 10));
    }

    @Test
    void anHttp11RequestWithoutExactlyOneHostIs400() throws Exception {
        try (VideoServer server = start(config())) {
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response none = http.raw("GET /video/manifest.mpd HTTP/1.1\r\n\r\n");
                assertThat(none.status()).isEqualTo(400);
                assertThat(none.text()).contains("exactly one Host header, got 0");
            }
            try (RawHttp http = new RawHttp(server.port())) {
                RawHttp.Response two = http.raw("GET /video/manifest.mpd HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
                assertThat(two.status()).isEqualTo(400);
                assertThat(two.text()).contains("got 2");
            }
            try (RawHttp http = new RawHttp(server.port())) {
                // HTTP/1.0 predates Host: none is fine there.
                assertThat(http.raw("GET /video/manifest.mpd HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void anAbsoluteFormTargetIsServedAsItsPathAndQuery() throws Exception {
        try (VideoServer server = start(config()); RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response manifest = http.raw("GET http://127.0.0.1:" + server.port()
                    + "/video/manifest.mpd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(manifest.status()).isEqualTo(200);
            assertThat(manifest.text()).contains("<MPD");
            RawHttp.Response segment = http.raw("GET HTTP://127.0.0.1/video/chunk-0-00001.m4s?CMCD=sid%3D%22a%22"
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(segment.status()).isEqualTo(200);
            assertThat(segment.header("CMSD-Dynamic")).isEqualTo("\"netllm\";mb=300");
            assertThat(http.raw("GET http:///nohost HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(400);
        }
    }

    @Test
    void quotaAndCapRefusalsCarryRetryAfter() throws Exception {
        try (VideoServer server = start(config().maxSessions(1)
                .http(HttpLimits.DEFAULT.withSessionsPerClient(1)));
             RawHttp http = new RawHttp(server.port())) {
            assertThat(http.post("/api/abr/sessions", "{}").status()).isEqualTo(201);
            for (String collection : new String[] {"/api/vp/sessions", "/api/cjs/clusters"}) {
                assertThat(http.post(collection, "").status()).as(collection).isEqualTo(201);
                RawHttp.Response quota = http.post(collection, "");
                assertThat(quota.status()).as(collection).isEqualTo(429);
                assertThat(quota.header("retry-after")).as(collection).isEqualTo("5");
            }
        }
        try (VideoServer server = start(config().maxSessions(1));
             RawHttp http = new RawHttp(server.port())) {
            assertThat(http.post("/api/abr/sessions", "{}").status()).isEqualTo(201);
            RawHttp.Response cap = http.post("/api/abr/sessions", "{}");
            assertThat(cap.status()).isEqualTo(503);
            assertThat(cap.header("retry-after")).isEqualTo("5");
        }
    }

    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesItsRoutesLimit() throws Exception {
        try (VideoServer server = start(config()); RawHttp http = new RawHttp(server.port())) {
            // 20 KB in one chunk and no last chunk: on the 16 KiB route it is refused at once, not when the 1 MiB of
            // the largest route or the 10 s request timeout runs out.
            http.timeout(3000);
            String chunk = "x".repeat(20_000);
            // (A create: a route whose body is read; an unknown session's would be 404 before its body.)
            RawHttp.Response refused = http.raw("POST /api/abr/sessions HTTP/1.1\r\nHost: a\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");

            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.text()).contains("larger than 16384 bytes");
            assertThat(server.serverMetrics().serverErrors()).isZero();
        }
    }
}
