package org.netllm.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.Main;
import picocli.CommandLine;

/** {@code serve --cluster}'s bad input: one message naming the option, exit code 2, no stack trace. */
class ClusterOptionsTest {

    private static final String SECRET = "a-cluster-secret-long-enough";

    @TempDir
    Path tmp;

    private record Run(int exitCode, String err) {
    }

    private Run serve(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return new Run(Main.execute(cli, args), err.toString());
    }

    @Test
    void malformedSeedNodesAreRefusedWithTheFormat() {
        for (String seeds : new String[] {"127.0.0.1", "127.0.0.1:port", "127.0.0.1:70000", ":25520",
                "127.0.0.1:25520,"}) {
            Run run = serve("--cluster", "--cluster-secret", SECRET, "--seed-nodes", seeds, "--content",
                    tmp.toString());
            assertThat(run.exitCode()).as(seeds).isEqualTo(2);
            assertThat(run.err()).as(seeds).contains("--seed-nodes").contains("HOST:PORT")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void anUnknownRoleIsRefusedWithTheRoles() {
        Run run = serve("--cluster", "--cluster-secret", SECRET, "--roles", "front,brain", "--content",
                tmp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--roles front,brain: unknown role 'brain'").contains("front")
                .contains("policy").doesNotContain("Exception");
    }

    @Test
    void aClusterPortInUseIsRefusedNamingTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = serve("--cluster", "--cluster-secret", SECRET, "--cluster-port",
                    String.valueOf(taken.getLocalPort()), "--content", tmp.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--cluster-port " + taken.getLocalPort() + " is in use")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void clusterModeNeedsASharedSecretAndClusterOptionsNeedClusterMode() {
        Run noSecret = serve("--cluster", "--cluster-secret", "short", "--content", tmp.toString());
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.err()).contains("--cluster-secret").contains("16 characters");
        Run noCluster = serve("--seed-nodes", "127.0.0.1:25520", "--content", tmp.toString());
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.err()).contains("need --cluster");
    }
}
