package org.netllm.actors.abr;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.DecisionClient;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.cluster.CborSerializable;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * One player session: its observation history (the simulator's {@link ChunkDownload} records), its QoE so far and
 * its fallback controller. Each chunk report asks the policy for the next level; if no answer comes within the
 * decision deadline the fallback answers and the policy's late answer is dropped. Stops itself when idle, and as soon
 * as its last chunk is reported (its final view stays on the board). A session may start at a later chunk than 0
 * ({@link StartAt}: a player that lost its session mid-stream carries on in a new one).
 */
public final class StreamingClient extends AbstractBehavior<StreamingClient.Command> {

    /** Messages a session understands. */
    public sealed interface Command extends CborSerializable
            permits StartAt, PlayVideo, ReportChunk, Resume, Decision, IdleTimeout {
    }

    /** The session's first report will be of chunk {@code firstChunk} (sent by the registry before any report). */
    public record StartAt(int firstChunk) implements Command {
    }

    /**
     * The session plays {@code video} (a title of the server's other than its default, or a ladder the player
     * declared), from chunk {@code firstChunk} (sent by the registry before any report).
     */
    public record PlayVideo(Video video, int firstChunk) implements Command {
    }

    /** The player finished downloading a chunk; the reply carries the next chunk's level. */
    public record ReportChunk(ChunkReport report, ActorRef<ReportReply> replyTo) implements Command {
    }

    /**
     * The session was started again on another node after its own died (cluster mode): the reports its front door
     * still has of it, oldest first; the last one awaits its decision, as in a {@link ReportChunk}.
     */
    public record Resume(List<ChunkReport> reports, ActorRef<ReportReply> replyTo) implements Command {
    }

    /** Answers to {@link ReportChunk} and {@link Resume}. */
    public sealed interface ReportReply extends CborSerializable permits NextLevel, Finished, Rejected {
    }

    /** Fetch chunk {@code chunk} at {@code level}. */
    public record NextLevel(int chunk, int level, String decidedBy, double decisionMs) implements ReportReply {
    }

    /** That was the last chunk; the session's QoE. */
    public record Finished(QoeSummary qoe) implements ReportReply {
    }

    /** The report was not accepted; nothing changed. */
    public record Rejected(Problem problem, String message) implements ReportReply {
    }

    /** Why a report was rejected. */
    public enum Problem {
        /** A value is out of range for this session's video. */
        INVALID,
        /** Out of order, a decision still pending, or the session already finished. */
        CONFLICT,
        /** No such session (answered by the registry). */
        UNKNOWN_SESSION,
        /**
         * The session was started again on a new node (its own died; cluster mode only) and has none of its history:
         * the front door answers with a {@link Resume} of the reports it kept.
         */
        LOST_HISTORY
    }

    /** How a session actor came to be. */
    private enum Start {
        /** Opened for a new player: its first report is its first chunk. */
        NEW,
        /** Started by Cluster Sharding on a message for its id: perhaps mid-stream, after its node died. */
        RESUMABLE
    }

    private record Decision(DecisionClient.Event<Integer> event) implements Command {
    }

    private enum IdleTimeout implements Command { INSTANCE }

    private final String id;
    private final Start start;
    private int firstChunk;
    private final SessionSettings settings;
    private final ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy;
    private final String policyName;
    private final SessionBoard board;
    private final DecisionClient<Command, SessionObservation, Integer> decisions;
    private final AbrController fallback;
    /** The server's video, or the one {@link PlayVideo} names before the first report. */
    private Video video;
    private final AbrOutcomes outcomes;
    private final long startedAtEpochMs = System.currentTimeMillis();
    private final List<ChunkDownload> history = new ArrayList<>();
    private final List<ChunkRecord> records = new ArrayList<>();
    private int nextLevel;
    // The level last answered, kept when nextLevel is cleared while the next decision is pending.
    private int chosenLevel;
    private String nextDecidedBy = "initial";
    private double nextDecisionMs;
    private double qoeSum;
    private double bitrateSum;
    private double rebufferSeconds;
    private double smoothnessSum;

    private StreamingClient(ActorContext<Command> context, TimerScheduler<Command> timers, String id, Start start,
                            SessionSettings settings, ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                            String policyName, DecisionMetrics metrics, SessionBoard board) {
        super(context);
        this.id = id;
        this.start = start;
        this.settings = settings;
        this.policy = policy;
        this.policyName = policyName;
        this.board = board;
        this.decisions = new DecisionClient<>(context, timers, Decision::new, policy, settings.decisionDeadline(),
                start == Start.RESUMABLE ? DecisionClient.CLUSTER_HANG_TIMEOUT : DecisionClient.POLICY_HANG_TIMEOUT,
                metrics);
        this.video = settings.video();
        this.outcomes = AbrOutcomes.in(metrics);
        this.fallback = settings.fallback().newSession();
        context.setReceiveTimeout(settings.idleTimeout(), IdleTimeout.INSTANCE);
        publish();
    }

    /** A session whose first chunk is fetched at the lowest level, as in the simulator. */
    public static Behavior<Command> create(String id, SessionSettings settings,
                                           ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                                           String policyName, DecisionMetrics metrics, SessionBoard board) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new StreamingClient(context, timers, id, Start.NEW, settings, policy, policyName, metrics, board)));
    }

    /**
     * A session started by Cluster Sharding: a new one, or one whose node died, which asks its front door for the
     * reports it lost ({@link Problem#LOST_HISTORY}) when the first report it sees is not its first chunk.
     */
    public static Behavior<Command> resumable(String id, SessionSettings settings,
                                              ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                                              String policyName, DecisionMetrics metrics, SessionBoard board) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new StreamingClient(context, timers, id,
                Start.RESUMABLE, settings, policy, policyName, metrics, board)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartAt.class, this::onStartAt)
                .onMessage(PlayVideo.class, this::onPlayVideo)
                .onMessage(ReportChunk.class, this::onReport)
                .onMessage(Resume.class, this::onResume)
                .onMessage(Decision.class, this::onDecision)
                .onMessageEquals(IdleTimeout.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onStartAt(StartAt message) {
        if (history.isEmpty() && message.firstChunk() >= 0 && message.firstChunk() < video.chunkCount()) {
            firstChunk = message.firstChunk();
            publish();
        }
        return this;
    }

    private Behavior<Command> onPlayVideo(PlayVideo message) {
        if (history.isEmpty() && message.firstChunk() >= 0 && message.firstChunk() < message.video().chunkCount()) {
            video = message.video();
            firstChunk = message.firstChunk();
            publish();
        }
        return this;
    }

    private Behavior<Command> onReport(ReportChunk message) {
        ChunkReport report = message.report();
        if (start == Start.RESUMABLE && history.isEmpty() && report.index() != nextChunk()) {
            message.replyTo().tell(new Rejected(Problem.LOST_HISTORY, "session " + id + " was started again on "
                    + "another node and has none of its history; resume it with the reports kept of it"));
            return this;
        }
        String problem = conflict(report);
        if (problem != null) {
            message.replyTo().tell(new Rejected(Problem.CONFLICT, problem));
            return this;
        }
        problem = invalid(report);
        if (problem != null) {
            message.replyTo().tell(new Rejected(Problem.INVALID, problem));
            return this;
        }
        ChunkDownload download = new ChunkDownload(report.index(), report.level(), report.bytes(), report.delayMs(),
                report.stallMs(), report.bufferSeconds() * 1000.0);
        if (!history.isEmpty()) {
            // Counted here, not in record(): a resume replays reports another node or the front door counted.
            outcomes.chunkStall().observe(download.rebufferMs() / 1000.0);
            outcomes.chunkBitrate().observe(video.bitratesKbps()[download.level()]);
        }
        record(download);
        if (finished()) {
            nextLevel = -1;
            publish();
            message.replyTo().tell(new Finished(qoe()));
            // Its slot is free at once; the final view stays on the board for the API.
            return Behaviors.stopped();
        }
        AbrObservation observation = AbrObservation.after(history, video);
        nextLevel = -1;
        ActorRef<ReportReply> replyTo = message.replyTo();
        decisions.request(new SessionObservation(id, observation), () -> fallback.chooseLevel(observation),
                level -> level >= 0 && level < video.levels(), answered -> answer(answered, replyTo));
        if (decisions.isPending()) {
            publish();
        }
        return this;
    }

    /**
     * Catches up from the consecutive reports that end with the last one, then answers the last one as a report.
     * A session with no history (started again on a new node) rebuilds it from them: what the policy and the
     * fallback read (the recent throughput and buffer); chunks before them, and their QoE, are lost with the old
     * node. A session that missed reports its front door answered meanwhile (it was slow or unreachable) records
     * the missing ones; one that missed more than were kept starts its history again from them.
     */
    private Behavior<Command> onResume(Resume message) {
        List<ChunkReport> reports = message.reports();
        if (reports.isEmpty()) {
            message.replyTo().tell(new Rejected(Problem.INVALID, "a resume needs at least the report to answer"));
            return this;
        }
        ChunkReport last = reports.get(reports.size() - 1);
        if (decisions.isPending() || !history.isEmpty() && last.index() <= nextChunk()) {
            // Pending, in step, or a stale replay: answered (or refused) as the plain report it is.
            return onReport(new ReportChunk(last, message.replyTo()));
        }
        int from = reports.size() - 1;
        while (from > 0 && reports.get(from - 1).index() == reports.get(from).index() - 1) {
            from--;
        }
        List<ChunkReport> run = reports.subList(from, reports.size());
        for (ChunkReport report : run) {
            String problem = report.index() >= video.chunkCount()
                    ? "chunk " + report.index() + " is past the video's " + video.chunkCount() + " chunks"
                    : invalid(report);
            if (problem != null) {
                message.replyTo().tell(new Rejected(Problem.INVALID, problem));
                return this;
            }
        }
        nextDecidedBy = "resumed";
        if (!history.isEmpty() && run.get(0).index() <= nextChunk()) {
            int next = nextChunk();
            for (ChunkReport report : run.subList(0, run.size() - 1)) {
                if (report.index() >= next) {
                    chosenLevel = report.level();
                    record(new ChunkDownload(report.index(), report.level(), report.bytes(), report.delayMs(),
                            report.stallMs(), report.bufferSeconds() * 1000.0));
                }
            }
            chosenLevel = last.level();
            return onReport(new ReportChunk(last, message.replyTo()));
        }
        startAgain();
        firstChunk = run.get(0).index();
        for (ChunkReport report : run.subList(0, run.size() - 1)) {
            chosenLevel = report.level();
            record(new ChunkDownload(report.index(), report.level(), report.bytes(), report.delayMs(),
                    report.stallMs(), report.bufferSeconds() * 1000.0));
        }
        chosenLevel = last.level();
        return onReport(new ReportChunk(last, message.replyTo()));
    }

    /** Forgets the history and the QoE so far: the session carries on from reports that do not follow them. */
    private void startAgain() {
        history.clear();
        records.clear();
        qoeSum = 0;
        bitrateSum = 0;
        rebufferSeconds = 0;
        smoothnessSum = 0;
    }

    private Behavior<Command> onDecision(Decision message) {
        if (decisions.on(message.event())) {
            publish();
        }
        return this;
    }

    private Behavior<Command> onStop() {
        if (qoe().chunksScored() > 0) {
            outcomes.sessionQoe().observe(qoe().qoe());
        }
        if (finished()) {
            board.retire(id);
        } else {
            board.remove(id);
        }
        policy.tell(new PolicyActor.Forget<>(id));
        return this;
    }

    private void answer(DecisionClient.Answered<Integer> answered, ActorRef<ReportReply> replyTo) {
        nextLevel = answered.value();
        chosenLevel = answered.value();
        nextDecidedBy = answered.decidedBy();
        nextDecisionMs = answered.decisionMs();
        publish();
        replyTo.tell(new NextLevel(nextChunk(), nextLevel, nextDecidedBy, nextDecisionMs));
    }

    private String conflict(ChunkReport report) {
        if (finished()) {
            return "session " + id + " already received all " + video.chunkCount() + " chunks";
        }
        if (decisions.isPending()) {
            return "the decision for chunk " + nextChunk() + " is still pending; wait for its answer";
        }
        if (report.index() != nextChunk()) {
            return "expected the report of chunk " + nextChunk() + ", got chunk " + report.index();
        }
        return null;
    }

    private String invalid(ChunkReport report) {
        if (report.level() < 0 || report.level() >= video.levels()) {
            return "level " + report.level() + " is outside the ladder 0.." + video.topLevel();
        }
        if (report.bytes() <= 0) {
            return "bytes must be positive, got " + report.bytes();
        }
        if (!Double.isFinite(report.requestStartMs()) || !Double.isFinite(report.requestEndMs())
                || report.requestEndMs() <= report.requestStartMs()) {
            return "requestEndMs (" + report.requestEndMs() + ") must be after requestStartMs ("
                    + report.requestStartMs() + ")";
        }
        if (!Double.isFinite(report.bufferSeconds()) || report.bufferSeconds() < 0) {
            return "bufferSeconds must be a non-negative number, got " + report.bufferSeconds();
        }
        if (!Double.isFinite(report.stallMs()) || report.stallMs() < 0) {
            return "stallMs must be a non-negative number, got " + report.stallMs();
        }
        return null;
    }

    private void record(ChunkDownload download) {
        double chunkQoe = 0;
        if (!history.isEmpty()) {
            double bitrate = video.bitrateMbps(download.level());
            double previous = video.bitrateMbps(history.get(history.size() - 1).level());
            double rebuffer = download.rebufferMs() / 1000.0;
            chunkQoe = settings.qoe().chunkQoe(video, history.get(history.size() - 1), download);
            qoeSum += chunkQoe;
            bitrateSum += bitrate;
            rebufferSeconds += rebuffer;
            smoothnessSum += Math.abs(bitrate - previous);
        }
        history.add(download);
        records.add(new ChunkRecord(download.index(), download.level(), chosenLevel, download.bytes(),
                download.delayMs(),
                download.rebufferMs(), download.bufferMs(), download.bytes() * 8.0 / download.delayMs() / 1000.0,
                nextDecidedBy, nextDecisionMs, chunkQoe));
    }

    private int nextChunk() {
        return firstChunk + history.size();
    }

    private boolean finished() {
        return nextChunk() >= video.chunkCount();
    }

    private QoeSummary qoe() {
        int n = history.size() - 1;
        if (n < 1) {
            return QoeSummary.EMPTY;
        }
        return new QoeSummary(qoeSum / n, bitrateSum / n, rebufferSeconds, smoothnessSum / n, n);
    }

    private void publish() {
        board.publish(new SessionView(id, policyName, video.bitratesKbps(), video.chunkSeconds(), video.chunkCount(),
                startedAtEpochMs, records, qoe(), nextChunk(), nextLevel, decisions.fallbacks(),
                decisions.lateAnswersDropped(),
                finished()));
    }
}
