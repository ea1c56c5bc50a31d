package org.netllm.server.abr;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.actors.abr.ChunkReport;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * A cluster front door's part in keeping ABR sessions going when a node dies: it keeps each session's last
 * {@value #KEPT_REPORTS} reports (what a session started again on another node rebuilds its history from), and when
 * a session does not answer within {@link #sessionTimeout()} (its node died and is not yet downed) it answers the
 * player itself with the fallback controller over those reports. Threadsafe.
 *
 * @see org.netllm.actors.abr.StreamingClient.Resume
 */
public final class AbrFailover {

    /** Reports kept per session: more than the throughput window of MPC (5) and of the adapted model (its window). */
    static final int KEPT_REPORTS = 10;
    /** Sessions kept (least recently reported dropped first): bounds the memory a client can make this hold. */
    static final int MAX_SESSIONS = 20_000;
    /** How long past the decision deadline a front door waits for a session before answering by itself. */
    static final Duration SESSION_GRACE = Duration.ofSeconds(1);

    private final AbrPolicy fallback;
    private final Video video;
    private final Duration sessionTimeout;
    private final Map<String, ArrayDeque<ChunkReport>> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<ChunkReport>> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** For sessions of {@code video} deciding within {@code decisionDeadline}, with {@code fallback} (BBA) as backup. */
    public AbrFailover(AbrPolicy fallback, Video video, Duration decisionDeadline) {
        this.fallback = fallback;
        this.video = video;
        this.sessionTimeout = decisionDeadline.plus(SESSION_GRACE);
    }

    /** How long the front door waits for a session's answer. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** The report was answered (by the session or the front door): keep it. */
    public synchronized void remember(String sessionId, ChunkReport report) {
        ArrayDeque<ChunkReport> kept = recent.computeIfAbsent(sessionId, id -> new ArrayDeque<>());
        if (!kept.isEmpty() && kept.peekLast().index() >= report.index()) {
            kept.clear();
        }
        kept.addLast(report);
        while (kept.size() > KEPT_REPORTS) {
            kept.removeFirst();
        }
    }

    /** The session finished. */
    public synchronized void forget(String sessionId) {
        recent.remove(sessionId);
    }

    /** The kept reports of a session followed by {@code report}, for a {@code Resume}. */
    public synchronized List<ChunkReport> withKept(String sessionId, ChunkReport report) {
        List<ChunkReport> reports = new ArrayList<>();
        ArrayDeque<ChunkReport> kept = recent.get(sessionId);
        if (kept != null) {
            kept.stream().filter(r -> r.index() < report.index()).forEach(reports::add);
        }
        reports.add(report);
        return reports;
    }

    /** The fallback's level for the chunk after {@code report}, from the kept reports and this one. */
    public int fallbackLevel(String sessionId, ChunkReport report) {
        List<ChunkDownload> history = new ArrayList<>();
        for (ChunkReport r : withKept(sessionId, report)) {
            history.add(new ChunkDownload(r.index(), Math.min(Math.max(r.level(), 0), video.topLevel()), r.bytes(),
                    r.delayMs(), r.stallMs(), r.bufferSeconds() * 1000.0));
        }
        int level = fallback.newSession().chooseLevel(AbrObservation.after(history, video));
        return Math.min(Math.max(level, 0), video.topLevel());
    }

    /** Whether {@code report} was the video's last chunk. */
    public boolean last(ChunkReport report) {
        return report.index() >= video.chunkCount() - 1;
    }
}
