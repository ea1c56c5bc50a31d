package org.netllm.cli.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.netllm.cli.DataDirectory;
import org.netllm.emulation.mahimahi.EmulatedLink;
import org.netllm.emulation.mahimahi.LinkLog;
import org.netllm.emulation.mahimahi.LinkShell;
import org.netllm.emulation.mahimahi.MahimahiInstallation;
import org.netllm.emulation.mahimahi.PacketDeliveryTrace;
import org.netllm.emulation.mahimahi.ShellCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netllm testbed check}: is the emulation installed and does a link deliver its nominal rate and delay? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Measure a constant-rate link through mm-delay/mm-link: round trip (ping) and throughput "
                + "(a host-to-shell TCP download, from mm-link's downlink log). Exit 1 if either is off by >10%.")
public final class TestbedCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mbps", defaultValue = "12", description = "Link rate (default: ${DEFAULT-VALUE}).")
    double mbps;

    @Option(names = "--delay-ms", defaultValue = "40", description = "One-way delay (default: ${DEFAULT-VALUE}).")
    int delayMs;

    @Option(names = "--seconds", defaultValue = "8", description = "Download length (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        MahimahiInstallation mahimahi = MahimahiInstallation.require();
        Path dir = mahimahi.shareWithShell(DataDirectory.projectRoot().resolve("out").resolve("testbed-check"));
        Path trace = PacketDeliveryTrace.constantRate(mbps, 1000).write(dir.resolve("constant.trace"));
        EmulatedLink link = new EmulatedLink(delayMs, trace, trace);
        PrintWriter out = spec.commandLine().getOut();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("0.0.0.0", 0));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> send(server, Duration.ofSeconds(seconds)));
            String script = "ping -c 5 -i 0.2 -q $MAHIMAHI_BASE | tail -1; "
                    + "exec 3<>/dev/tcp/$MAHIMAHI_BASE/" + server.getLocalPort() + " && cat <&3 >/dev/null";
            try (LinkShell shell = LinkShell.start(mahimahi, link, ShellCommand.of("bash", "-c", script),
                    dir.resolve("run"))) {
                OptionalInt exit = shell.awaitExit(Duration.ofSeconds(seconds + 60L));
                sender.join();
                if (exit.isEmpty() || exit.getAsInt() != 0) {
                    out.println("testbed check: the shell failed: " + shell.outputText());
                    return 1;
                }
                String rtt = shell.outputText().lines().filter(l -> l.startsWith("rtt")).findFirst().orElse("");
                double avgRtt = rtt.isEmpty() ? Double.NaN : Double.parseDouble(rtt.split("=")[1].strip().split("/")[1]);
                LinkLog down = LinkLog.read(shell.downlinkLog());
                long first = firstFullPacketMs(down);
                // past TCP's slow start, before the sender stops
                double measured = down.throughputMbps(first + 2000, first + (seconds - 1) * 1000L);
                // a ping waits for a delivery opportunity each way: up to one 1500-byte packet time
                double expectedRtt = 2.0 * delayMs + 2 * 1500 * 8 / (mbps * 1000);
                out.printf(Locale.ROOT, "round trip: %.1f ms (expected about %.1f ms)%n", avgRtt, expectedRtt);
                out.printf(Locale.ROOT, "downlink throughput: %.2f Mbit/s (nominal %.2f, %+.1f%%), queueing delay p95 "
                        + "%.0f ms%n", measured, mbps, 100 * (measured / mbps - 1), down.queueingDelayQuantileMs(0.95));
                out.println("logs: " + shell.downlinkLog() + ", " + shell.uplinkLog());
                boolean ok = Math.abs(measured / mbps - 1) <= 0.1 && avgRtt <= 1.1 * expectedRtt + 2;
                out.println(ok ? "testbed check: OK" : "testbed check: OFF by more than 10% (a loaded CPU slows "
                        + "Mahimahi's user-space link: see uptime)");
                return ok ? 0 : 1;
            }
        }
    }

    /** When the download began: the first full-size packet (the ping replies before it are small). */
    private static long firstFullPacketMs(LinkLog log) {
        for (int i = 0; i < log.departures().count(); i++) {
            if (log.departures().bytes()[i] >= 1000) {
                return log.departures().ms()[i];
            }
        }
        return 0;
    }

    private static void send(ServerSocket server, Duration duration) {
        try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
            byte[] block = new byte[64 * 1024];
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                out.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
