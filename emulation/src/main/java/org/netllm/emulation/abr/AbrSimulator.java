package org.netllm.emulation.abr;

import java.util.random.RandomGenerator;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * Pensieve's trace-driven chunk-level streaming simulator for one session: a link replaying a bandwidth
 * trace, a client buffer capped at 60 s, the trace's round trip per request (Pensieve's 80 ms for trace files). Not
 * threadsafe; one per session.
 *
 * <p>Deterministic (test mode) when built without a noise source; with one, each chunk's delay is
 * multiplied by U(0.9, 1.1) as in Pensieve's training environment.
 */
public final class AbrSimulator {

    /** The round trip of a trace read from a file (a generated link may have another: {@link Trace#rttMs()}). */
    public static final double RTT_MS = Trace.DEFAULT_RTT_MS;
    public static final double PACKET_PAYLOAD_PORTION = 0.95;
    public static final double BUFFER_CAP_MS = 60_000.0;
    public static final double DRAIN_STEP_MS = 500.0;
    static final double NOISE_LOW = 0.9;
    static final double NOISE_HIGH = 1.1;

    private final Trace trace;
    private final Video video;
    private final RandomGenerator noise;
    private int pointer;
    private double lastTime;
    private double bufferMs;
    private int nextChunk;

    /** A test-mode session on {@code trace} starting at trace index {@code startPointer} (≥ 1). */
    public AbrSimulator(Trace trace, Video video, int startPointer) {
        this(trace, video, startPointer, null);
    }

    /** A session whose delays carry multiplicative noise drawn from {@code noise} (null: none). */
    public AbrSimulator(Trace trace, Video video, int startPointer, RandomGenerator noise) {
        if (startPointer < 1 || startPointer >= trace.length()) {
            throw new IllegalArgumentException("start pointer " + startPointer + " outside trace " + trace.name()
                    + " (valid: 1.." + (trace.length() - 1) + ")");
        }
        this.trace = trace;
        this.video = video;
        this.noise = noise;
        this.pointer = startPointer;
        this.lastTime = trace.timesSeconds()[startPointer - 1];
    }

    public boolean finished() {
        return nextChunk >= video.chunkCount();
    }

    public int nextChunk() {
        return nextChunk;
    }

    public double bufferMs() {
        return bufferMs;
    }

    /** Index of the trace segment the link is in (the next sample whose bandwidth applies). */
    int pointer() {
        return pointer;
    }

    /** Trace time reached so far, in the trace's own (looping) clock. */
    double traceTimeSeconds() {
        return lastTime;
    }

    /**
     * Everything the future of a session depends on besides the levels chosen (and the delay noise, if any): where
     * the link is in the trace, the buffer, and the next chunk. Experts that see the future plan from it.
     *
     * @param pointer          index of the trace segment the link is in
     * @param traceTimeSeconds trace time reached, in the trace's own (looping) clock
     * @param bufferMs         the client's buffer
     * @param nextChunk        the chunk to fetch next
     */
    public record State(int pointer, double traceTimeSeconds, double bufferMs, int nextChunk) {
    }

    /** The state this session is in now. */
    public State state() {
        return new State(pointer, lastTime, bufferMs, nextChunk);
    }

    /** Puts this simulator into a state saved from one on the same trace and video (planning, offline search). */
    public void restore(State state) {
        restore(state.pointer(), state.traceTimeSeconds(), state.bufferMs(), state.nextChunk());
    }

    /** Puts this simulator into a state saved from another one on the same trace and video (offline search). */
    void restore(int pointer, double traceTimeSeconds, double bufferMs, int nextChunk) {
        if (pointer < 1 || pointer >= trace.length() || nextChunk < 0 || nextChunk > video.chunkCount()) {
            throw new IllegalArgumentException("state (pointer " + pointer + ", chunk " + nextChunk
                    + ") is outside trace " + trace.name() + " (1.." + (trace.length() - 1) + ") or video "
                    + video.name() + " (0.." + video.chunkCount() + ")");
        }
        this.pointer = pointer;
        this.lastTime = traceTimeSeconds;
        this.bufferMs = bufferMs;
        this.nextChunk = nextChunk;
    }

    /** Downloads the next chunk at {@code level} and plays out the buffer meanwhile. */
    public ChunkDownload download(int level) {
        if (finished()) {
            throw new IllegalStateException("all " + video.chunkCount() + " chunks were already downloaded");
        }
        if (level < 0 || level >= video.levels()) {
            throw new IllegalArgumentException("level " + level + " outside the ladder 0.." + video.topLevel());
        }
        long bytes = video.chunkBytes(nextChunk, level);
        double delayMs = transferSeconds(bytes) * 1000.0 + trace.rttMs();
        if (noise != null) {
            delayMs *= NOISE_LOW + (NOISE_HIGH - NOISE_LOW) * noise.nextDouble();
        }
        double rebufferMs = Math.max(delayMs - bufferMs, 0.0);
        bufferMs = Math.max(bufferMs - delayMs, 0.0) + video.chunkSeconds() * 1000.0;
        if (bufferMs > BUFFER_CAP_MS) {
            double sleepMs = Math.ceil((bufferMs - BUFFER_CAP_MS) / DRAIN_STEP_MS) * DRAIN_STEP_MS;
            bufferMs -= sleepMs;
            idle(sleepMs / 1000.0);
        }
        return new ChunkDownload(nextChunk++, level, bytes, delayMs, rebufferMs, bufferMs);
    }

    /** Walks the trace while {@code bytes} are sent; returns the time it took, in seconds. */
    private double transferSeconds(long bytes) {
        double[] t = trace.timesSeconds();
        double[] bw = trace.mbps();
        double delay = 0.0;
        double sent = 0.0;
        while (true) {
            double throughput = bw[pointer] * 1e6 / 8.0;
            double duration = t[pointer] - lastTime;
            double payload = throughput * duration * PACKET_PAYLOAD_PORTION;
            if (sent + payload > bytes) {
                double fraction = (bytes - sent) / throughput / PACKET_PAYLOAD_PORTION;
                delay += fraction;
                lastTime += fraction;
                return delay;
            }
            sent += payload;
            delay += duration;
            advanceSegment();
        }
    }

    /** Lets {@code seconds} of trace time pass with nothing sent (the client waits for buffer room). */
    private void idle(double seconds) {
        double[] t = trace.timesSeconds();
        double left = seconds;
        while (true) {
            double duration = t[pointer] - lastTime;
            if (duration > left) {
                lastTime += left;
                return;
            }
            left -= duration;
            advanceSegment();
        }
    }

    private void advanceSegment() {
        lastTime = trace.timesSeconds()[pointer];
        pointer++;
        if (pointer >= trace.length()) {
            pointer = 1;
            lastTime = 0.0;
        }
    }
}
