package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.player.HeadlessPlayer;
import org.netllm.server.cjs.CjsLive;

/** The dashboard's cluster part in headless Chromium shows a running simulated cluster. */
@Tag("browser")
class ClusterDashboardTest {

    @TempDir
    Path tmp;

    @Test
    void aRunningClusterIsListedWithItsSchedulerAndExecutorsPerJobWithinTheCluster() throws Exception {
        assumeTrue(HeadlessPlayer.available(), "headless Chromium is not installed (" + HeadlessPlayer.CHROMIUM
                + ", " + HeadlessPlayer.CHROMEDRIVER + "): run testbed-scripts/install-browser.sh as root");
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path tpch = data.resolve("cjs/tpch");
        assertThat(Files.isDirectory(tpch)).as("the TPC-H DAGs at " + tpch).isTrue();
        CjsLive cjs = CjsLive.of(RoundRobin.fair(), tpch, 10)
                .withSettings(CjsSessionSettings.defaults(tpch, 10).withDeadline(Duration.ofSeconds(10)));
        ServerConfig config = ServerConfig.of(0, TestContent.write(tmp.resolve("content")), Bba.PENSIEVE)
                .withClusters(cjs);
        try (VideoServer server = VideoServer.start(config); HeadlessPlayer browser = HeadlessPlayer.start()) {
            String id;
            try (RawHttp http = new RawHttp(server.port())) {
                // real time: 20 jobs take minutes, so the cluster is still running when the dashboard looks
                RawHttp.Response created = http.post("/api/cjs/clusters", "{\"simulate\":{\"seed\":5,\"jobs\":20,"
                        + "\"executors\":10,\"speedup\":1,\"deterministic\":true}}");
                assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
                JsonNode body = new ObjectMapper().readTree(created.body());
                id = body.get("clusterId").asText();
            }
            browser.open(server.uri().resolve("/dashboard"));
            String script = "return [document.getElementById('clusters').textContent,"
                    + " document.getElementById('executors-by-job').textContent];";
            // the page polls every 2 s; the first executors arrive a few simulated seconds after the first job
            List<?> seen = (List<?>) browser.evaluate(script);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (((String) seen.get(1)).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(200);
                seen = (List<?>) browser.evaluate(script);
            }
            assertThat((String) seen.get(0)).contains(id.substring(0, 8)).contains("simulated").contains("fair")
                    .contains("job time s");
            String executors = (String) seen.get(1);
            assertThat(executors).startsWith("executors per active job of " + id.substring(0, 8) + ": job ");
            int total = Arrays.stream(executors.substring(executors.indexOf(": ") + 2).split(", "))
                    .mapToInt(p -> Integer.parseInt(p.substring(p.lastIndexOf(' ') + 1))).sum();
            assertThat(total).isBetween(1, 10);
        }
    }
}
