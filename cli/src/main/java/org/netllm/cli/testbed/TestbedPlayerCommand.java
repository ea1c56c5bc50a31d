package org.netllm.cli.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.netllm.errors.InvalidInputException;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The half of a testbed session that runs inside the emulated shell: headless Chromium plays from the server on the
 * host ({@code $MAHIMAHI_BASE}) and the page's view is written to a report file for the runner.
 */
@Command(name = "player", hidden = true,
        description = "Inside an emulated shell: play from the host's server and write the player's report.")
public final class TestbedPlayerCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The server's port on the host.")
    int port;

    @Option(names = "--duration", defaultValue = "200", description = "Seconds to play at most.")
    int durationSeconds;

    @Option(names = "--report", required = true, description = "Where to write the player's report.")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (!HeadlessPlayer.available()) {
            throw new InvalidInputException("headless Chromium is missing; install it with "
                    + "testbed-scripts/install-browser.sh (as root)");
        }
        // Inside a Mahimahi shell the host is $MAHIMAHI_BASE. The player's browser resolves nothing but 127.0.0.1
        // (its host-resolver rules cover IP literals too), so a relay on this namespace's loopback forwards to the
        // host; the traffic still crosses the emulated link.
        String host = System.getenv("MAHIMAHI_BASE");
        Process relay = host == null ? null : relay(host);
        try (HeadlessPlayer player = HeadlessPlayer.start()) {
            PlaybackReport played = player.play(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(durationSeconds));
            write(played, report);
        } finally {
            if (relay != null) {
                relay.destroy();
            }
        }
        return 0;
    }

    private Process relay(String host) throws IOException, InterruptedException {
        Process relay = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                "TCP:" + host + ":" + port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return relay;
            } catch (IOException notYet) {
                if (!relay.isAlive()) {
                    throw new IllegalStateException("socat (the relay to the host) exited with status "
                            + relay.exitValue() + "; install it with testbed-scripts/setup.sh");
                }
                Thread.sleep(50);
            }
        }
        relay.destroy();
        throw new IllegalStateException("socat did not listen on 127.0.0.1:" + port + " within 5 s");
    }

    static void write(PlaybackReport r, Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("sessionId", String.valueOf(r.sessionId()));
        r.playerQoe().forEach((k, v) -> p.setProperty("player." + k, Double.toString(v)));
        p.setProperty("totalStallMs", Double.toString(r.totalStallMs()));
        p.setProperty("playedSeconds", Double.toString(r.playedSeconds()));
        p.setProperty("finished", Boolean.toString(r.finished()));
        p.setProperty("chunksFetched", Integer.toString(r.chunkLevels().size()));
        p.setProperty("errors", String.join(" | ", r.errors()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "what the player page saw");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
