package org.netllm.server.abr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.abr.AbrSessions;
import org.netllm.actors.abr.ChunkReport;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.StreamingClient;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.HarmonicThroughput;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;
import org.netllm.server.SegmentSteering;
import org.netllm.server.Readiness;
import org.netllm.server.SessionOwners;

/**
 * Steers stock players: CMCD in, CMSD out. A media request whose CMCD names a session ({@code sid}, with its
 * {@code cid}) opens an ABR session on first sight (under the client's session quota, like the decision API); each
 * later request reports the previous segment to it, as the decision API's player would, from what the player said
 * (CMCD {@code bl}, {@code mtp}, {@code d}) and what the server measured itself (the segment's size and send time),
 * and the response carries the session's choice as CMSD {@code mb}. The session's controller decides within its
 * deadline, or its fallback does (counted as for every decision).
 *
 * <p>CMSD rides on a response, so the answer lags one segment: the {@code mb} on segment j's response is the choice
 * made from everything up to segment j - 1 (the last one whose delivery the server has measured), and it caps the
 * player's pick for segment j + 1. The first response of a session carries the simulator's first level. A report
 * is what {@link DecisionApiHandler} would get:
 * <ul>
 *   <li>download time: from the response head to the last byte handed to the socket, or, when longer, what the
 *       player's measured throughput ({@code mtp} on the next request) implies for the segment's size (the socket
 *       buffer lets the server finish before the player has received it all);</li>
 *   <li>buffer after it: the next request's {@code bl}; without it the simulator's rule, the previous buffer less the
 *       download plus the segment's duration;</li>
 *   <li>stall: the download time beyond the buffer the player had when it asked for the segment (the simulator's
 *       rebuffer), 0 for the session's first.</li>
 * </ul>
 * A request for a segment still in the player's buffer (dash.js's fast switching replaces buffered segments at a
 * better level) gets the current {@code mb} and reports nothing; the same segment asked again is measured anew; any
 * other request that does not follow the previous one (a seek, a skipped segment) starts a new ABR session there.
 * Init segment responses carry {@code mb} too, so a player has it before its first decisions. Malformed CMCD is ignored and counted, the request served
 * (CTA-5004: CMCD must never break playback); {@link Mode#STRICT} refuses it with 400 instead, for tests of
 * players. This class is threadsafe.
 */
public final class CmcdSteering implements SegmentSteering {

    /** What a request with malformed CMCD gets. */
    public enum Mode {
        /** Served; the malformed keys are ignored and counted. */
        LENIENT,
        /** 400 naming the key: for tests of a player's CMCD. */
        STRICT
    }

    /** One media segment delivered to a CMCD session, and the CMSD {@code mb} its response carried. */
    public record Served(int index, int level, long maxBitrateKbps, String decidedBy) {
    }

    /** A CMCD session's view: who it is, the ABR session that decides for it, and what it was served. */
    public record SessionInfo(String sid, String cid, String sessionId, List<Served> served) {
    }

    private record Key(String cid, String sid) {
    }

    /** The last segment delivered to a session, as the server saw it. */
    private static final class SegmentDelivery {
        final int index;
        final int level;
        final long receivedNanos;
        final Long bufferAtRequestMs;
        final Long durationMs;
        long bytes;
        long startNanos;
        long endNanos;
        boolean complete;
        boolean reported;

        SegmentDelivery(int index, int level, long receivedNanos, Long bufferAtRequestMs, Long durationMs) {
            this.durationMs = durationMs;
            this.index = index;
            this.level = level;
            this.receivedNanos = receivedNanos;
            this.bufferAtRequestMs = bufferAtRequestMs;
        }
    }

    /**
     * A video the server serves, as CMSD needs it.
     *
     * @param audioKbps its audio bitrate, added to {@code mb}: dash.js caps video at {@code mb} less the audio it plays
     *                  (0 for content without audio)
     */
    public record Title(Video video, int audioKbps) {
    }

    /** One CMCD session: its ABR session (once opened), the last delivery and what it was served. */
    private final class Steered {
        final Key key;
        /** The folder of the title it plays, and the title. */
        final String titleName;
        final Title title;
        CompletableFuture<Optional<String>> session;
        SegmentDelivery last;
        /** The buffer the simulator's rule says the player had after the last reported segment (ms). */
        double bufferMs;
        /** No report answered yet: the next report is of the session's first segment (its stall is start-up). */
        boolean first = true;
        boolean pending;
        long maxBitrateKbps;
        String decidedBy = INITIAL;
        final List<ChunkDownload> history = new ArrayList<>();
        final List<Served> served = new ArrayList<>();
        volatile long lastSeenNanos = System.nanoTime();

        Steered(Key key, String titleName, Title title) {
            this.key = key;
            this.titleName = titleName;
            this.title = title;
        }

        Video video() {
            return title.video();
        }
    }

    /** Who chose the first {@code mb} of a session: nobody yet, the simulator's first level. */
    public static final String INITIAL = "initial";
    /** The {@code mb} of a request that did not report anything (the same segment again, a decision pending). */
    public static final String REPEATED = "repeated";
    static final int MAX_SERVED_PER_SESSION = 100_000;
    /** Without {@code bl}, a buffer of dash.js's default target (12 s) is assumed. */
    private static final double DEFAULT_BUFFER_MS = 12_000;
    private static final int HISTORY = 2 * HarmonicThroughput.WINDOW;

    private final ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions;
    private final Scheduler scheduler;
    private final SessionBoard board;
    private final SessionOwners owners;
    /** What the sessions play, by the folder under {@code /video/}: "" for the server's video, else a title. */
    private final Map<String, Title> titles;
    private final Mode mode;
    private final CmcdMetrics metrics;
    private final Duration askTimeout;
    private final Optional<ToDoubleFunction<List<ChunkDownload>>> estimateMBps;
    private final int maxSessions;
    private final Readiness readiness;
    private final long epochNanos = System.nanoTime();
    private final Map<Key, Steered> byKey = new ConcurrentHashMap<>();
    private final Map<String, Steered> bySession = new ConcurrentHashMap<>();

    /**
     * @param titles       what the sessions play, by the folder under {@code /video/} ("" for the server's video)
     * @param policyName   the ABR policy's name: MPC, RobustMPC and rate-based have a throughput estimate, sent as
     *                     {@code etp}; others send none
     * @param maxSessions  CMCD sessions kept at most (the server's ABR session cap)
     */
    public CmcdSteering(ActorRef<SessionRegistry.Command<StreamingClient.Command>> sessions, Scheduler scheduler,
                        SessionBoard board, SessionOwners owners, Map<String, Title> titles, String policyName,
                        Duration decisionDeadline, int maxSessions, Mode mode, CmcdMetrics metrics,
                        Readiness readiness) {
        this.readiness = readiness;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.board = board;
        this.owners = owners;
        this.titles = Map.copyOf(titles);
        this.mode = mode;
        this.metrics = metrics;
        this.maxSessions = maxSessions;
        // The session answers by its deadline (fallback included); the margin covers a busy actor system.
        this.askTimeout = decisionDeadline.plusSeconds(5);
        this.estimateMBps = estimatorOf(policyName);
    }

    /** The throughput estimate a classic policy decides with, if it has one. */
    static Optional<ToDoubleFunction<List<ChunkDownload>>> estimatorOf(String policyName) {
        return switch (policyName) {
            case "robust-mpc" -> Optional.of(RobustMpc::discountedEstimateMBps);
            case "mpc", "rate" -> Optional.of(HarmonicThroughput::estimateMBps);
            default -> Optional.empty();
        };
    }

    @Override
    public CompletionStage<Answer> steer(ContentRequest request) {
        Cmcd.Reading reading = Cmcd.read(request.query().getOrDefault(Cmcd.QUERY_KEY, List.of()),
                request.head().headers());
        if (reading.present()) {
            metrics.request();
        }
        reading.problems().forEach(problem -> metrics.malformed(problem.key()));
        if (mode == Mode.STRICT && !reading.problems().isEmpty()) {
            return done(new Refuse("malformed CMCD: " + String.join("; ",
                    reading.problems().stream().map(Cmcd.Problem::message).toList())));
        }
        Cmcd cmcd = reading.cmcd();
        Title title = titles.get(request.title());
        if (title == null) {
            // A folder that is no title (or not a video): served as it is.
            return done(new Steer(Map.of(), IGNORED));
        }
        Video video = title.video();
        if (request.segment() == null && cmcd.hasSession() && VIDEO_INIT.matcher(request.fileName()).matches()) {
            return done(new Steer(Map.of(CmsdHeaders.DYNAMIC, initDynamic(cmcd, request.title(), title)), IGNORED));
        }
        if (request.segment() == null || request.segment().level() >= video.levels()
                || request.segment().index() >= video.chunkCount()) {
            return done(new Steer(Map.of(), IGNORED));
        }
        int index = request.segment().index();
        int level = request.segment().level();
        if (!cmcd.hasSession() || !"GET".equals(request.head().method().name())) {
            return done(new Steer(CmsdHeaders.of(video.bitratesKbps()[level], durationMs(video), OptionalLong.empty(),
                    OptionalLong.empty(), false), IGNORED));
        }
        Key key = new Key(cmcd.contentId() == null ? "" : cmcd.contentId(), cmcd.sessionId());
        Steered steered = byKey.get(key);
        if (steered != null && !steered.titleName.equals(request.title())) {
            // The player moved to another title: a new session plays it (the old one expires).
            byKey.remove(key, steered);
            steered = null;
        }
        if (steered == null) {
            steered = open(key, index, request);
            if (steered == null) {
                return done(new Steer(CmsdHeaders.of(video.bitratesKbps()[level], durationMs(video),
                        OptionalLong.empty(), OptionalLong.empty(), true), IGNORED));
            }
        }
        Steered s = steered;
        s.lastSeenNanos = System.nanoTime();
        return s.session.thenCompose(session -> step(s, session, request, cmcd, index, level));
    }

    private static final SegmentSteering.Delivery IGNORED = SegmentSteering.Delivery.IGNORED;
    private static final java.util.regex.Pattern VIDEO_INIT = java.util.regex.Pattern.compile("init-\\d+\\.m4s");

    /**
     * The {@code mb} on an init segment's response: the session's last one, or the first level's for a sid not seen
     * yet. dash.js picks the next segment's level before the previous segment's response has arrived at start-up,
     * so without it the first two segments would be dash.js's alone. No {@code CMSD-Static} here: dash.js files a
     * response's dynamic values under the static {@code ot}, and {@code ot=i} is not where it looks for video.
     */
    private String initDynamic(Cmcd cmcd, String titleName, Title title) {
        Steered s = byKey.get(new Key(cmcd.contentId() == null ? "" : cmcd.contentId(), cmcd.sessionId()));
        long mb;
        if (s == null || !s.titleName.equals(titleName)) {
            mb = title.video().bitratesKbps()[AbrSessions.FIRST_LEVEL];
        } else {
            synchronized (s) {
                mb = s.last == null ? title.video().bitratesKbps()[AbrSessions.FIRST_LEVEL] : s.maxBitrateKbps;
            }
        }
        return CmsdHeaders.dynamicOf(OptionalLong.of(mb + title.audioKbps()), OptionalLong.empty(), false);
    }

    private static CompletionStage<Answer> done(Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    private static long durationMs(Video video) {
        return Math.round(video.chunkSeconds() * 1000);
    }

    /** A new CMCD session at segment {@code index}, or null when its client has its quota or the server its cap. */
    private Steered open(Key key, int index, ContentRequest request) {
        if (readiness.isClosing()) {
            // Draining before a stop: segments are served, no session is opened that would be cut off.
            metrics.sessionRefused();
            return null;
        }
        if (byKey.size() >= maxSessions) {
            prune();
            if (byKey.size() >= maxSessions) {
                metrics.sessionRefused();
                return null;
            }
        }
        Optional<SessionOwners.Reservation> slot = owners.reserve(request.client());
        if (slot.isEmpty()) {
            metrics.sessionRefused();
            return null;
        }
        Steered fresh = new Steered(key, request.title(), titles.get(request.title()));
        Steered raced = byKey.putIfAbsent(key, fresh);
        if (raced != null) {
            owners.cancel(slot.get());
            return raced;
        }
        fresh.session = openSession(slot.get(), index, fresh);
        return fresh;
    }

    private CompletableFuture<Optional<String>> openSession(SessionOwners.Reservation slot, int firstChunk,
                                                             Steered steered) {
        CompletionStage<SessionRegistry.OpenReply> reply = AskPattern.ask(sessions,
                replyTo -> steered.titleName.isEmpty() ? AbrSessions.open(firstChunk, replyTo)
                        : AbrSessions.open(firstChunk, steered.video(), replyTo), askTimeout, scheduler);
        return reply.handle((answer, failure) -> {
            if (answer instanceof SessionRegistry.Opened opened) {
                // The token is never used: a CMCD session is steered by its sid, not through the API.
                owners.issue(slot, opened.sessionId());
                bySession.put(opened.sessionId(), steered);
                metrics.sessionOpened();
                return Optional.of(opened.sessionId());
            }
            owners.cancel(slot);
            metrics.sessionRefused();
            return Optional.<String>empty();
        }).toCompletableFuture();
    }

    /** Forgets CMCD sessions whose ABR session has ended or expired. */
    private void prune() {
        byKey.values().removeIf(s -> s.session.isDone() && s.session.getNow(Optional.empty())
                .flatMap(board::get).filter(view -> !view.finished()).isEmpty());
        bySession.values().removeIf(s -> !byKey.containsKey(s.key));
    }

    private CompletionStage<Answer> step(Steered s, Optional<String> session, ContentRequest request, Cmcd cmcd,
                                         int index, int level) {
        if (session.isEmpty()) {
            byKey.remove(s.key, s);
            return done(new Steer(CmsdHeaders.of(s.video().bitratesKbps()[level], durationMs(s.video()), OptionalLong.empty(),
                    OptionalLong.empty(), true), IGNORED));
        }
        String id = session.get();
        CompletionStage<Void> decided;
        synchronized (s) {
            SegmentDelivery previous = s.last;
            if (previous != null && index < previous.index && replacesBuffered(s, previous, index, cmcd)) {
                // dash.js's fast switching: a buffered segment fetched again at a better level. Not a step of the
                // session's stream (nothing to report), so it gets the current mb and leaves the last delivery be.
                return done(respond(s, index, level, cmcd, REPEATED, false));
            }
            if (previous != null && previous.index != index && previous.index != index - 1) {
                // A seek or a skipped segment: the session cannot follow; a new one starts here (the old one expires).
                byKey.remove(s.key, s);
                Steered fresh = open(s.key, index, request);
                if (fresh == null) {
                    return done(new Steer(CmsdHeaders.of(s.video().bitratesKbps()[level], durationMs(s.video()),
                            OptionalLong.empty(), OptionalLong.empty(), true), IGNORED));
                }
                return fresh.session.thenCompose(next -> step(fresh, next, request, cmcd, index, level));
            }
            s.last = new SegmentDelivery(index, level, request.receivedNanos(), cmcd.bufferMs(), cmcd.durationMs());
            if (previous == null) {
                return done(respond(s, index, level, cmcd, INITIAL, true));
            }
            if (previous.index == index) {
                // The same segment again (a retry): measured anew, the previous answer repeated.
                return done(respond(s, index, level, cmcd, REPEATED, true));
            }
            if (s.pending || !previous.complete || previous.reported) {
                return done(respond(s, index, level, cmcd, REPEATED, true));
            }
            ChunkReport report = reportOf(s, previous, cmcd.bufferMs(), cmcd.throughputKbps());
            s.pending = true;
            decided = ask(s, id, report);
        }
        return decided.thenApply(v -> {
            synchronized (s) {
                return respond(s, index, level, cmcd, s.decidedBy, true);
            }
        });
    }

    /**
     * Whether a request for an earlier segment than the last one is for a segment still in the player's buffer (it
     * holds about {@code bl / d} segments up to the last one fetched), rather than a seek back.
     */
    private boolean replacesBuffered(Steered s, SegmentDelivery last, int index, Cmcd cmcd) {
        double segmentMs = cmcd.durationMs() != null && cmcd.durationMs() > 0 ? cmcd.durationMs()
                : s.video().chunkSeconds() * 1000;
        double bufferMs = cmcd.bufferMs() != null ? cmcd.bufferMs() : DEFAULT_BUFFER_MS;
        return index > last.index - Math.ceil(bufferMs / segmentMs) - 1;
    }


    /** Reports a delivered segment to the session; what it answers becomes the session's {@code mb}. */
    private CompletionStage<Void> ask(Steered s, String id, ChunkReport report) {
        CompletionStage<StreamingClient.ReportReply> reply = AskPattern.ask(sessions,
                replyTo -> AbrSessions.report(id, report, replyTo), askTimeout, scheduler);
        return reply.handle((answer, failure) -> {
            synchronized (s) {
                s.pending = false;
                s.first = false;
                if (answer instanceof StreamingClient.NextLevel next) {
                    s.maxBitrateKbps = s.video().bitratesKbps()[next.level()];
                    s.decidedBy = next.decidedBy();
                } else {
                    s.decidedBy = REPEATED;
                }
            }
            return null;
        });
    }

    /** The report of {@code delivered}, read from the player's CMCD on the request after it and the server's clock. */
    private ChunkReport reportOf(Steered s, SegmentDelivery delivered, Long bufferAfterMs, Long throughputKbps) {
        delivered.reported = true;
        double sendMs = Math.max((delivered.endNanos - delivered.startNanos) / 1e6, 0.001);
        double delayMs = throughputKbps == null || throughputKbps == 0 ? sendMs
                : Math.max(sendMs, delivered.bytes * 8.0 / throughputKbps);
        double before = delivered.bufferAtRequestMs != null ? delivered.bufferAtRequestMs : s.bufferMs;
        double stallMs = s.first ? 0 : Math.max(0, delayMs - before);
        double after = bufferAfterMs != null ? bufferAfterMs
                : Math.max(0, before - delayMs) + (delivered.durationMs != null ? delivered.durationMs
                        : s.video().chunkSeconds() * 1000);
        s.bufferMs = after;
        // Milliseconds on the server's clock since this steering started: small enough to keep a sub-ms delay exact.
        double startMs = (delivered.startNanos - epochNanos) / 1e6;
        s.history.add(new ChunkDownload(delivered.index, delivered.level, delivered.bytes, delayMs, stallMs, after));
        if (s.history.size() > HISTORY) {
            s.history.remove(0);
        }
        return new ChunkReport(delivered.index, delivered.level, delivered.bytes, startMs, startMs + delayMs,
                after / 1000.0, stallMs);
    }

    /** The response's CMSD, and the delivery hook that measures its send (and reports the video's last segment). */
    private Steer respond(Steered s, int index, int level, Cmcd cmcd, String decidedBy, boolean measure) {
        if (INITIAL.equals(decidedBy)) {
            s.maxBitrateKbps = s.video().bitratesKbps()[AbrSessions.FIRST_LEVEL];
            s.decidedBy = INITIAL;
        }
        // Not capped at CMCD tb: dash.js reports as tb the top of the levels mb left it, so mb would lock at its first value.
        long mb = s.maxBitrateKbps;
        OptionalLong etp = OptionalLong.empty();
        if (estimateMBps.isPresent() && !s.history.isEmpty()) {
            etp = OptionalLong.of(Math.round(estimateMBps.get().applyAsDouble(s.history) * 8000));
        }
        metrics.maxBitrateSent(decidedBy);
        if (s.served.size() < MAX_SERVED_PER_SESSION) {
            s.served.add(new Served(index, level, mb, decidedBy));
        }
        SegmentDelivery delivery = s.last;
        SegmentSteering.Delivery hook = !measure || delivery == null ? IGNORED
                : (bytes, start, end, complete) -> delivered(s, delivery, bytes, start, end, complete);
        return new Steer(CmsdHeaders.of(s.video().bitratesKbps()[level], durationMs(s.video()), OptionalLong.of(mb + s.title.audioKbps()),
                etp, false), hook);
    }

    private void delivered(Steered s, SegmentDelivery delivery, long bytes, long start, long end, boolean complete) {
        ChunkReport last = null;
        String id;
        synchronized (s) {
            delivery.bytes = bytes;
            delivery.startNanos = start;
            delivery.endNanos = end;
            delivery.complete = complete && bytes > 0;
            id = s.session.getNow(Optional.empty()).orElse(null);
            // The video's last segment has no request after it: it is reported once sent, with the simulator's buffer.
            if (delivery.complete && delivery.index == s.video().chunkCount() - 1 && s.last == delivery && !s.pending
                    && id != null) {
                last = reportOf(s, delivery, null, null);
                s.pending = true;
            }
        }
        if (last != null) {
            ask(s, id, last);
        }
    }

    /** The CMCD session the ABR session {@code sessionId} steers, if it is one. */
    public Optional<SessionInfo> session(String sessionId) {
        Steered s = bySession.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return Optional.of(new SessionInfo(s.key.sid(), s.key.cid(), sessionId, List.copyOf(s.served)));
        }
    }

    /** CMCD sessions this server keeps state for (at most its ABR session cap, whatever sids clients send). */
    public int tracked() {
        return byKey.size();
    }

    /** The ABR session a CMCD {@code sid} (with its {@code cid}, "" for none) opened, if any. */
    public Optional<String> sessionOf(String cid, String sid) {
        Steered s = byKey.get(new Key(cid, sid));
        return s == null || !s.session.isDone() ? Optional.empty() : s.session.getNow(Optional.empty());
    }
}
