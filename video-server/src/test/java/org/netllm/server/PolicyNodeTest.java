package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.actors.cluster.ClusterAddress;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import org.netllm.controller.abr.Bba;
import org.netllm.server.abr.PolicyNode;

/**
 * A policy-only cluster node has an operations port (issue 39, point 6): {@code /metrics} with its policy calls and
 * JVM metrics, {@code /healthz}, {@code /readyz}, and nothing else. With a front node beside it, the decisions of the
 * front's sessions are counted in the policy node's metrics.
 */
@Timeout(120)
class PolicyNodeTest {

    private static final String SECRET = "a-test-secret-of-enough-length";
    @TempDir
    Path tmp;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double metric(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1).trim())).findFirst().orElse(Double.NaN);
    }

    @Test
    void aPolicyOnlyNodeServesMetricsAndHealthAndCountsTheFrontsDecisions() throws Exception {
        Path content = TestContent.write(tmp.resolve("c"));
        ClusterAddress policyAddress = new ClusterAddress("127.0.0.1", freePort());
        ClusterSettings policySettings = new ClusterSettings.Builder(policyAddress, SECRET)
                .roles(EnumSet.of(ClusterRole.POLICY)).build();
        ServerConfig policyConfig = ServerConfig.of(0, content, Bba.PENSIEVE).toBuilder().cluster(policySettings)
                .build();
        try (PolicyNode node = PolicyNode.start(policyConfig)) {
            int port = node.operations().uri().getPort();
            try (RawHttp http = new RawHttp(port)) {
                assertThat(http.get("/healthz").status()).isEqualTo(200);
                assertThat(http.get("/readyz").status()).isEqualTo(200);
                RawHttp.Response none = http.get("/video/manifest.mpd");
                assertThat(none.status()).isEqualTo(404);
                assertThat(none.text()).contains(OperationsServer.NOT_FOUND);
                String metrics = http.get("/metrics").text();
                assertThat(metrics).contains("# TYPE netllm_abr_policy_call_seconds histogram")
                        .contains("# TYPE netllm_abr_policy_batch_size histogram").contains("jvm_memory_used_bytes");
                assertThat(metric(metrics, "netllm_abr_policy_batch_size_count")).isZero();
            }

            ClusterSettings frontSettings = new ClusterSettings.Builder(new ClusterAddress("127.0.0.1", freePort()),
                    SECRET).seedNodes(List.of(policyAddress)).roles(EnumSet.of(ClusterRole.FRONT)).build();
            try (VideoServer front = VideoServer.start(ServerConfig.of(0, content, Bba.PENSIEVE).toBuilder()
                    .cluster(frontSettings).decisionDeadline(Duration.ofSeconds(5)).build());
                 RawHttp http = new RawHttp(front.port()); RawHttp ops = new RawHttp(port)) {
                // Until the front sees the policy node's worker its sessions' fallback answers; then the policy does.
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                boolean byPolicy = false;
                while (!byPolicy && System.nanoTime() < until) {
                    DecisionApiTest.Session s = DecisionApiTest.newSession(http);
                    RawHttp.Response answer = http.post("/api/abr/sessions/" + s.id() + "/chunks",
                            DecisionApiTest.report(0, 0, 4, 0), "Authorization: Bearer " + s.token());
                    byPolicy = answer.text().contains("\"decidedBy\":\"policy\"");
                    if (!byPolicy) {
                        Thread.sleep(500);
                    }
                }
                assertThat(byPolicy).as("a front session's decision made by the policy node").isTrue();
                String metrics = ops.get("/metrics").text();
                assertThat(metric(metrics, "netllm_abr_policy_batch_size_count")).isGreaterThanOrEqualTo(1);
                assertThat(metric(metrics, "netllm_abr_policy_call_seconds_count")).isGreaterThanOrEqualTo(1);
            }
        }
    }
}
