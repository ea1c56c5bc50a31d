package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Bba;

/** Liveness and readiness: /readyz is 503 while a model warms up, 200 once it is warm. */
class HealthTest {

    @TempDir
    Path tmp;

    @Test
    void readyzIs503WithRetryAfterUntilEveryWarmUpIsDone() throws Exception {
        try (VideoServer server = VideoServer.start(ServerConfig.of(0, TestContent.write(tmp.resolve("c")),
                Bba.PENSIEVE));
             RawHttp http = new RawHttp(server.port())) {
            Readiness.Pending abr = server.readiness().waitFor("warming up netllm:default");
            Readiness.Pending vp = server.readiness().waitFor("warming up netllm:vp");

            assertThat(http.get("/healthz").status()).isEqualTo(200);
            RawHttp.Response warming = http.get("/readyz");
            assertThat(warming.status()).isEqualTo(503);
            assertThat(warming.header("retry-after")).isEqualTo("1");
            assertThat(warming.text()).contains("warming up netllm:default").contains("warming up netllm:vp");

            abr.done();
            assertThat(http.get("/readyz").text()).doesNotContain("netllm:default").contains("netllm:vp");
            vp.done();
            RawHttp.Response ready = http.get("/readyz");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.text()).isEqualTo("{\"status\":\"ready\"}");
            assertThat(http.send("POST", "/healthz", "").status()).isEqualTo(405);
            assertThat(http.send("HEAD", "/readyz", null).status()).isEqualTo(200);
        }
    }

    @Test
    void aClosingServerIsNotReady() {
        Readiness readiness = new Readiness();
        assertThat(readiness.notReadyBecause()).isEmpty();
        readiness.closing();
        assertThat(readiness.notReadyBecause()).containsExactly("shutting down");
    }
}
