package org.netllm.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.load.Pace;

/**
 * Three {@code serve --cluster} JVMs on loopback, nine players streaming through two of their front doors, the
 * third node killed with SIGKILL after 10 s of 40 s: no request goes unanswered or gets a 5xx, every live session goes on,
 * and the sessions of the dead node are answered by a session actor on a surviving node again.
 */
class ClusterFailoverTest {

    @TempDir
    Path out;

    @Test
    void killingANodeMidStreamLosesNoRequestAndEverySessionGoesOn() throws Exception {
        FailoverPlan plan = new FailoverPlan.Builder().sessions(9).pace(new Pace(4))
                .killAfter(Duration.ofSeconds(10)).duration(Duration.ofSeconds(40)).killNode(3)
                .httpBasePort(freeRun(3)).clusterBasePort(freeRun(3)).build();
        StringWriter log = new StringWriter();

        FailoverReport report = new ClusterFailover(plan, new DataDirectory(), out, new PrintWriter(log)).run();

        String shown = log + String.join("\n", report.lines());
        assertThat(report.unanswered()).as(shown).isZero();
        assertThat(report.serverErrors()).as(shown).isZero();
        assertThat(report.clientErrors()).as(shown).isZero();
        assertThat(report.liveAtKill()).as(shown).isEqualTo(9);
        assertThat(report.wentOn()).as(shown).isEqualTo(report.liveAtKill());
        // Shards are spread over the three regions, so some sessions lived on the killed node; each of them was
        // answered by a session actor on a surviving node before the run ended (30 s after the kill: failover takes
        // 12-19 s on the loaded 2-core machine).
        assertThat(report.movedSessions()).as(shown).isPositive();
        assertThat(report.failoverMs()).as(shown).hasSize(report.movedSessions());
        assertThat(report.membershipMs()).as(shown).containsKeys("unreachable", "downed", "removed");
        // The policy answers again after the failover (the deadline fallback's share depends on the machine's load).
        assertThat(report.policyAgain()).as(shown).isPositive();
    }

    /** The first of {@code n} consecutive ports, all free now. */
    private static int freeRun(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(30_000, 60_000);
            if (free(base, n)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free ports");
    }

    private static boolean free(int base, int n) {
        for (int port = base; port < base + n; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
