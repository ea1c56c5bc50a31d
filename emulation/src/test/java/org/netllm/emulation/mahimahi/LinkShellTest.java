package org.netllm.emulation.mahimahi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real Mahimahi shells; skipped where Mahimahi is not installed (testbed-scripts/setup.sh installs it). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LinkShellTest {

    private static MahimahiInstallation mahimahi;

    @BeforeAll
    static void requireMahimahi() {
        mahimahi = MahimahiInstallation.detect().orElse(null);
        assumeTrue(mahimahi != null, "Mahimahi is not installed; run testbed-scripts/setup.sh as root");
    }

    @Test
    void constantRateLinkHasItsNominalCapacityAndCarriesMostOfIt(@TempDir Path dir) throws Exception {
        double nominalMbps = 12.0;
        EmulatedLink link = link(dir, nominalMbps, 10);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("0.0.0.0", 0));
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> sendFor(server, Duration.ofSeconds(5)));
            // bash's /dev/tcp: no client program needed inside the shell
            ShellCommand download = ShellCommand.of("bash", "-c",
                    "exec 3<>/dev/tcp/$MAHIMAHI_BASE/" + server.getLocalPort() + " && cat <&3 | wc -c");

            try (LinkShell shell = LinkShell.start(mahimahi, link, download, dir.resolve("run"))) {
                OptionalInt exit = shell.awaitExit(Duration.ofSeconds(30));
                assertThat(exit).as(shell.outputText()).hasValue(0);
                assertThat(sent.get(5, TimeUnit.SECONDS)).isGreaterThan(0);

                LinkLog downlink = LinkLog.read(shell.downlinkLog());
                long first = downlink.departures().ms()[0];
                // skip TCP's slow start and the closing second
                // What TCP achieves through the link also depends on how busy the machine is (a load of 12 on two
                // cores gave 8.2 of 12 Mbit/s): never above the rate, and most of it. The link's own delivery
                // opportunities, the capacity below, are the emulation's property and are checked tightly.
                double measured = downlink.throughputMbps(first + 1000, first + 4000);
                assertThat(measured).isBetween(0.6 * nominalMbps, 1.1 * nominalMbps);
                assertThat(downlink.capacityMbps(first + 1000, first + 4000)).isBetween(0.99 * nominalMbps,
                        1.01 * nominalMbps * 1504 / 1500);
                // the uplink carried the ACKs only
                assertThat(LinkLog.read(shell.uplinkLog()).throughputMbps(first + 1000, first + 4000))
                        .isLessThan(0.1 * nominalMbps);
            }
        }
    }

    @Test
    void delayShellAddsTheRoundTrip(@TempDir Path dir) throws Exception {
        EmulatedLink link = link(dir, 12.0, 40);
        try (LinkShell shell = LinkShell.start(mahimahi, link,
                ShellCommand.script("ping -c 3 -i 0.2 -q $MAHIMAHI_BASE"), dir.resolve("run"))) {
            assertThat(shell.awaitExit(Duration.ofSeconds(20))).as(shell.outputText()).hasValue(0);
            String summary = shell.outputText().lines().filter(l -> l.startsWith("rtt")).findFirst().orElseThrow();
            // rtt min/avg/max/mdev: every ping pays the shell's 2 x 40 ms (loopback alone answers in microseconds).
            // How much more is the machine's load: a busy 2-core machine pushed even the fastest of three to 319 ms,
            // so no upper bound here.
            double minMs = Double.parseDouble(summary.split("=")[1].strip().split("/")[0]);
            assertThat(minMs).isGreaterThanOrEqualTo(80.0);
        }
    }

    @Test
    void exitCodeOfTheCommandComesBack(@TempDir Path dir) {
        try (LinkShell shell = LinkShell.start(mahimahi, link(dir, 12.0, 0), ShellCommand.script("exit 3"),
                dir.resolve("run"))) {
            assertThat(shell.awaitExit(Duration.ofSeconds(20))).as(shell.outputText()).hasValue(3);
            assertThat(shell.downlinkLog()).exists();
        }
    }

    @Test
    void closeStopsTheCommandAndEveryShellProcess(@TempDir Path dir) throws Exception {
        LinkShell shell = LinkShell.start(mahimahi, link(dir, 12.0, 40), ShellCommand.script("sleep 120"),
                dir.resolve("run"));
        awaitDescendant(shell, "sleep");
        List<ProcessHandle> tree = ProcessHandle.of(shell.pid()).orElseThrow().descendants().toList();
        assertThat(shell.awaitExit(Duration.ofMillis(300))).isEmpty();

        long started = System.nanoTime();
        shell.close();

        assertThat(shell.isAlive()).isFalse();
        for (ProcessHandle p : tree) {
            p.onExit().get(5, TimeUnit.SECONDS);
        }
        // the command's SIGTERM was enough: the shells exited on their own, no SIGKILL round was needed
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    private static EmulatedLink link(Path dir, double mbps, int delayMs) {
        mahimahi.shareWithShell(dir);  // JUnit makes it private to this JVM's user
        Path trace = PacketDeliveryTrace.constantRate(mbps, 1000).write(dir.resolve(mbps + "mbps.trace"));
        return new EmulatedLink(delayMs, trace, trace);
    }

    private static void awaitDescendant(LinkShell shell, String name) throws Exception {
        for (int i = 0; i < 100; i++) {
            boolean found = ProcessHandle.of(shell.pid()).orElseThrow().descendants().anyMatch(p -> {
                try {
                    return Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip().equals(name);
                } catch (IOException e) {
                    return false;
                }
            });
            if (found) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never started inside the shell: " + shell.outputText());
    }

    private static long sendFor(ServerSocket server, Duration duration) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
            byte[] block = new byte[64 * 1024];
            long sent = 0;
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                out.write(block);
                sent += block.length;
            }
            return sent;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
