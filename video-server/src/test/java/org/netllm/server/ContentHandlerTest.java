package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

class ContentHandlerTest {

    @TempDir
    static Path tmp;
    private static VideoServer server;

    @BeforeAll
    static void start() throws Exception {
        Path content = TestContent.write(tmp.resolve("content"));
        Files.writeString(tmp.resolve("secret.txt"), "not for clients");
        Files.createSymbolicLink(content.resolve("escape.m4s"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(content.resolve("dangling.m4s"), tmp.resolve("no-such-file.txt"));
        server = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp client() throws IOException {
        return new RawHttp(server.port());
    }

    @Test
    void wholeSegmentIsServedWithItsTypeAndTheConnectionStaysOpen() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response first = http.get("/video/chunk-2-00003.m4s");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("content-type")).isEqualTo("video/iso.segment");
            assertThat(first.body()).hasSize(3003);
            assertThat(first.header("accept-ranges")).isEqualTo("bytes");
            RawHttp.Response second = http.get("/video/manifest.mpd");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("content-type")).isEqualTo("application/dash+xml");
            assertThat(second.text()).contains("bandwidth=\"4300000\"");
        }
        assertThat(server.serverMetrics().bytesServed()).isGreaterThanOrEqualTo(3003);
    }

    @Test
    void rangeRequestReturns206WithExactlyThoseBytes() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response part = http.get("/video/chunk-0-00001.m4s", "Range: bytes=10-19");
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.header("content-range")).isEqualTo("bytes 10-19/1001");
            assertThat(part.body()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
            RawHttp.Response suffix = http.get("/video/chunk-0-00001.m4s", "Range: bytes=-5");
            assertThat(suffix.status()).isEqualTo(206);
            assertThat(suffix.header("content-range")).isEqualTo("bytes 996-1000/1001");
            RawHttp.Response open = http.get("/video/chunk-0-00001.m4s", "Range: bytes=1000-");
            assertThat(open.body()).hasSize(1);
        }
    }

    @Test
    void rangeBeyondTheFileReturns416WithItsLength() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response response = http.get("/video/chunk-0-00001.m4s", "Range: bytes=5000-6000");
            assertThat(response.status()).isEqualTo(416);
            assertThat(response.header("content-range")).isEqualTo("bytes */1001");
        }
    }

    @Test
    void traversalAttemptsNeverReachFilesOutsideTheContentDirectory() throws IOException {
        for (String target : new String[] {"/video/../secret.txt", "/video/%2e%2e/secret.txt",
                "/video/..%2fsecret.txt", "/video/%2E%2E%2Fsecret.txt", "/video//etc/passwd",
                "/video/escape.m4s"}) {
            try (RawHttp http = client()) {
                RawHttp.Response response = http.get(target);
                assertThat(response.status()).as(target).isIn(403, 404);
                assertThat(response.text()).as(target).doesNotContain("not for clients");
            }
        }
        try (RawHttp http = client()) {
            assertThat(http.get("/video/%2e%2e/secret.txt").status()).isEqualTo(403);
            assertThat(http.get("/video/missing.m4s").status()).isEqualTo(404);
        }
    }

    @Test
    void aLinkOutOfTheDirectoryAnswersAsAMissingFileWhetherItsTargetExistsOrNot() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response existing = http.get("/video/escape.m4s");
            RawHttp.Response dangling = http.get("/video/dangling.m4s");
            RawHttp.Response missing = http.get("/video/missing.m4s");
            assertThat(existing.status()).isEqualTo(404);
            assertThat(existing.text()).isEqualTo(dangling.text()).isEqualTo(missing.text());
            assertThat(dangling.status()).isEqualTo(404);
        }
    }

    @Test
    void rangesOutsideRfc9110sGrammarAreIgnoredAndAnOverlongStartIsUnsatisfiable() throws IOException {
        try (RawHttp http = client()) {
            for (String bad : new String[] {"bytes=+1-2", "bytes=0x10-20", "bytes=1e3-2000", "bytes=5-2",
                    "bytes=-", "bytes=", "bytes=1-2,4-5", "items=1-2", "bytes=\u00a01-2", "bytes=1 -2"}) {
                RawHttp.Response response = http.get("/video/chunk-0-00001.m4s", "Range: " + bad);
                assertThat(response.status()).as(bad).isEqualTo(200);
                assertThat(response.body()).as(bad).hasSize(1001);
            }
            RawHttp.Response huge = http.get("/video/chunk-0-00001.m4s", "Range: bytes=" + "9".repeat(26) + "-");
            assertThat(huge.status()).isEqualTo(416);
            assertThat(huge.header("content-range")).isEqualTo("bytes */1001");
            RawHttp.Response upperCase = http.get("/video/chunk-0-00001.m4s", "Range: BYTES= 1-2 ");
            assertThat(upperCase.status()).isEqualTo(206);
            assertThat(upperCase.body()).containsExactly(1, 2);
            RawHttp.Response hugeSuffix = http.get("/video/chunk-0-00001.m4s", "Range: bytes=-" + "9".repeat(26));
            assertThat(hugeSuffix.status()).isEqualTo(206);
            assertThat(hugeSuffix.body()).hasSize(1001);
        }
    }

    @Test
    void overlongRequestLineIsRefusedAndTheConnectionClosed() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response response = http.get("/video/" + "a".repeat(10_000));
            assertThat(response.status()).isEqualTo(414);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void playerPageAndVendoredDashJsAreServedFromThePlayerJar() throws IOException {
        try (RawHttp http = client()) {
            RawHttp.Response page = http.get("/player/index.html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).startsWith("text/html");
            assertThat(page.text()).contains("/vendor/dash.all.min.js");
            RawHttp.Response dash = http.get("/vendor/dash.all.min.js");
            assertThat(dash.status()).isEqualTo(200);
            assertThat(dash.body().length).isGreaterThan(100_000);
            assertThat(http.get("/dashboard").text()).contains("uPlot");
            assertThat(http.get("/vendor/../pom.xml").status()).isEqualTo(404);
        }
    }
}
