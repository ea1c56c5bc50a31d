package org.netllm.cli.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.netllm.actors.abr.ChunkRecord;
import org.netllm.actors.abr.SessionView;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.emulation.mahimahi.EmulatedLink;
import org.netllm.emulation.mahimahi.LinkLog;
import org.netllm.emulation.mahimahi.LinkShell;
import org.netllm.emulation.mahimahi.MahimahiInstallation;
import org.netllm.emulation.mahimahi.PacketDeliveryTrace;
import org.netllm.emulation.mahimahi.TraceCycle;
import org.netllm.server.DashContent;
import org.netllm.server.VideoServer;

/**
 * One real playback: the trace replayed by {@code mm-delay D mm-link}, headless Chromium inside playing from the
 * server on this host, then the simulator's prediction of the same session next to it. Files in the run folder:
 * {@code downlink.trace}, {@code uplink.trace}, both link logs, {@code shell-output.txt}, {@code player.properties},
 * {@code chunks.csv} (real and simulated, chunk by chunk) and, last, {@code result.properties}.
 *
 * @param uplinkMbps the constant uplink rate: requests and ACKs only, so outages of the trace do not stall them
 *                   (the simulator charges requests a fixed round trip)
 */
record TestbedPlayback(MahimahiInstallation mahimahi, ShellPlayer player, int oneWayDelayMs, Duration duration,
                       double uplinkMbps) {

    // Chromium and a JVM start inside the shell before the first request; then the video plays.
    private static final Duration START_SLACK = Duration.ofSeconds(90);

    /** A failed session: the runner reports it and goes on with the next. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    TestbedSession run(VideoServer server, AbrPolicy policy, Trace trace, int startPointer, Path runDir) {
        Path dir = mahimahi.shareWithShell(runDir);
        Path home = mahimahi.shareWithShell(dir.resolve("home"));
        TraceCycle cycle = TraceCycle.of(trace, startPointer);
        Path down = PacketDeliveryTrace.fromCycle(cycle).write(dir.resolve("downlink.trace"));
        Path up = PacketDeliveryTrace.constantRate(uplinkMbps, 1000).write(dir.resolve("uplink.trace"));
        Path report = dir.resolve("player.properties");
        deleteIfExists(report);
        EmulatedLink link = new EmulatedLink(oneWayDelayMs, up, down);

        LinkLog downlink;
        Properties played;
        try (LinkShell shell = LinkShell.start(mahimahi, link, player.command(server.port(), duration, report, home),
                dir)) {
            OptionalInt exit = shell.awaitExit(duration.plus(START_SLACK));
            if (exit.isEmpty()) {
                throw new Failed("the player did not finish within " + duration.plus(START_SLACK).toSeconds()
                        + " s; see " + shell.output());
            }
            if (exit.getAsInt() != 0 || !Files.isRegularFile(report)) {
                throw new Failed("the player exited with status " + exit.getAsInt() + ": " + tail(shell.outputText()));
            }
            played = load(report);
            downlink = LinkLog.read(shell.downlinkLog());
        }
        String sessionId = played.getProperty("sessionId");
        SessionView view = server.sessions().get(sessionId).orElseThrow(() -> new Failed("the server has no session "
                + sessionId + " (the player reported it; errors: " + played.getProperty("errors") + ")"));
        List<ChunkDownload> chunks = view.chunks().stream()
                .map(c -> new ChunkDownload(c.index(), c.level(), c.bytes(), c.delayMs(), c.rebufferMs(), c.bufferMs()))
                .toList();
        if (chunks.size() < 2) {
            throw new Failed("only " + chunks.size() + " chunk(s) played; a session needs 2 to be scored (player "
                    + "errors: " + played.getProperty("errors") + ")");
        }
        Video video = server.content().video();
        SessionResult real = SessionResult.score(chunks, video, QoeModel.LINEAR);

        // The trace started with the shell; the session some seconds later (JVM and browser start-up). The
        // simulator replays the trace from that moment, so both see the same bandwidth.
        double lateMs = downlink.traceStartEpochMs() < 0 ? 0.0
                : Math.max(0.0, view.startedAtEpochMs() - downlink.traceStartEpochMs());
        Trace fromSessionStart = cycle.shiftedBy(lateMs).toTrace();
        SessionResult simulated = AbrSession.play(policy.newSession(), fromSessionStart, firstChunks(video, chunks.size()),
                1);

        writeChunks(dir.resolve("chunks.csv"), view.chunks(), server.segments().servedTo(sessionId), simulated.chunks(),
                video);
        long first = downlink.departures().count() > 0 ? downlink.departures().ms()[0] : 0;
        long last = Math.max(first + 1, downlink.endMs());
        TestbedSession session = new TestbedSession(policy.name(), trace.name(), startPointer, chunks.size(),
                TestbedSession.Score.of(real), TestbedSession.Score.of(simulated), view.fallbacks(),
                downlink.throughputMbps(first, last), downlink.capacityMbps(first, last),
                downlink.queueingDelayQuantileMs(0.95), lateMs);
        session.save(dir);
        return session;
    }

    /** The video cut to its first {@code n} chunks: the part the real player fetched. */
    static Video firstChunks(Video video, int n) {
        long[][] sizes = new long[video.levels()][];
        for (int level = 0; level < sizes.length; level++) {
            sizes[level] = Arrays.copyOf(video.chunkBytes()[level], Math.min(n, video.chunkCount()));
        }
        return new Video(video.name(), video.bitratesKbps(), sizes, video.chunkSeconds());
    }

    /**
     * The player's report of each chunk as the server received it, the levels the server delivered for that chunk
     * (its own log; more than one if the player fetched the chunk again), and the simulator's chunk beside it.
     */
    private static void writeChunks(Path file, List<ChunkRecord> real, List<DashContent.Segment> served,
                                    List<ChunkDownload> sim, Video video) {
        List<String> lines = new ArrayList<>();
        lines.add("chunk,level,bitrate_kbps,bytes,delay_ms,rebuffer_ms,buffer_ms,throughput_mbps,decided_by,"
                + "decision_latency_ms,served_levels,sim_level,sim_delay_ms,sim_rebuffer_ms,sim_buffer_ms");
        for (int i = 0; i < real.size(); i++) {
            ChunkRecord r = real.get(i);
            ChunkDownload s = i < sim.size() ? sim.get(i) : null;
            lines.add(CsvFile.line(Integer.toString(r.index()), Integer.toString(r.level()),
                    Integer.toString(video.bitratesKbps()[r.level()]), Long.toString(r.bytes()), fmt(r.delayMs()),
                    fmt(r.rebufferMs()), fmt(r.bufferMs()), fmt(r.throughputMbps()), r.decidedBy(),
                    fmt(r.decisionLatencyMs()), servedLevels(served, r.index()),
                    s == null ? "" : Integer.toString(s.level()),
                    s == null ? "" : fmt(s.delayMs()), s == null ? "" : fmt(s.rebufferMs()),
                    s == null ? "" : fmt(s.bufferMs())));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String servedLevels(List<DashContent.Segment> served, int index) {
        return String.join("|", served.stream().filter(seg -> seg.index() == index)
                .map(seg -> Integer.toString(seg.level())).toList());
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    private static String tail(String output) {
        // Mahimahi's "Died on" lines repeat the whole (long) command line; the command's own output says more.
        List<String> lines = output.lines().filter(l -> !l.startsWith("Died on")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
