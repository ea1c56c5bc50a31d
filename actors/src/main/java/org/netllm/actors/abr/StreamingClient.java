package org.netllm.actors.abr;

import java.time.Duration;
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
import org.netllm.actors.DecisionMetrics.Source;
import org.netllm.actors.PolicyActor;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * One player session: its observation history (the simulator's {@link ChunkDownload} records), its QoE so far and
 * its fallback controller. Each chunk report asks the policy for the next level; if no answer comes within the
 * decision deadline the fallback answers and the policy's late answer is dropped. Stops itself when idle, and as soon
 * as its last chunk is reported (its final view stays on the board). A session may start at a later chunk than 0
 * (a player that lost its session mid-stream carries on in a new one).
 */
public final class StreamingClient extends AbstractBehavior<StreamingClient.Command> {

    /** Messages a session understands. */
    public sealed interface Command permits ReportChunk, PolicyAnswered, DeadlinePassed, IdleTimeout {
    }

    /** The player finished downloading a chunk; the reply carries the next chunk's level. */
    public record ReportChunk(ChunkReport report, ActorRef<ReportReply> replyTo) implements Command {
    }

    /** Answers to {@link ReportChunk}. */
    public sealed interface ReportReply permits NextLevel, Finished, Rejected {
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
        UNKNOWN_SESSION
    }

    private record PolicyAnswered(long requestId, PolicyActor.Answer<Integer> answer, Throwable failure)
            implements Command {
    }

    private record DeadlinePassed(long requestId) implements Command {
    }

    private enum IdleTimeout implements Command { INSTANCE }

    private record Pending(long requestId, AbrObservation observation, ActorRef<ReportReply> replyTo,
                           long startNanos) {
    }

    private static final Object DEADLINE_TIMER = "deadline";
    static final Duration POLICY_HANG_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final int firstChunk;
    private final SessionSettings settings;
    private final ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy;
    private final String policyName;
    private final DecisionMetrics metrics;
    private final SessionBoard board;
    private final TimerScheduler<Command> timers;
    private final AbrController fallback;
    private final Video video;
    private final long startedAtEpochMs = System.currentTimeMillis();
    private final List<ChunkDownload> history = new ArrayList<>();
    private final List<ChunkRecord> records = new ArrayList<>();
    private Pending pending;
    // The policy request not yet answered, even if the fallback already answered it: a session never has two
    // requests at the policy, so a stateful policy (MPC's error history, a model's context) sees its steps in order.
    private long atPolicy = -1;
    private long nextRequestId;
    private int nextLevel;
    // The level last answered, kept when nextLevel is cleared while the next decision is pending.
    private int chosenLevel;
    private String nextDecidedBy = "initial";
    private double nextDecisionMs;
    private double qoeSum;
    private double bitrateSum;
    private double rebufferSeconds;
    private double smoothnessSum;
    private long fallbacks;
    private long lateAnswersDropped;

    private StreamingClient(ActorContext<Command> context, TimerScheduler<Command> timers, String id, int firstChunk,
                            SessionSettings settings, ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                            String policyName, DecisionMetrics metrics, SessionBoard board) {
        super(context);
        this.timers = timers;
        this.id = id;
        this.firstChunk = firstChunk;
        this.settings = settings;
        this.policy = policy;
        this.policyName = policyName;
        this.metrics = metrics;
        this.board = board;
        this.video = settings.video();
        this.fallback = settings.fallback().newSession();
        context.setReceiveTimeout(settings.idleTimeout(), IdleTimeout.INSTANCE);
        publish();
    }

    /** A session whose first chunk is fetched at the lowest level, as in the simulator. */
    public static Behavior<Command> create(String id, SessionSettings settings,
                                           ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                                           String policyName, DecisionMetrics metrics, SessionBoard board) {
        return create(id, 0, settings, policy, policyName, metrics, board);
    }

    /** A session whose first report is of chunk {@code firstChunk}. */
    public static Behavior<Command> create(String id, int firstChunk, SessionSettings settings,
                                           ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy,
                                           String policyName, DecisionMetrics metrics, SessionBoard board) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new StreamingClient(context, timers, id, firstChunk, settings, policy, policyName, metrics, board)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReportChunk.class, this::onReport)
                .onMessage(PolicyAnswered.class, this::onPolicyAnswered)
                .onMessage(DeadlinePassed.class, this::onDeadlinePassed)
                .onMessageEquals(IdleTimeout.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onReport(ReportChunk message) {
        ChunkReport report = message.report();
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
        record(download);
        if (finished()) {
            nextLevel = -1;
            publish();
            message.replyTo().tell(new Finished(qoe()));
            // Its slot is free at once; the final view stays on the board for the API.
            return Behaviors.stopped();
        }
        AbrObservation observation = AbrObservation.after(history, video);
        long requestId = nextRequestId++;
        pending = new Pending(requestId, observation, message.replyTo(), System.nanoTime());
        nextLevel = -1;
        if (atPolicy >= 0) {
            // Still late on an earlier chunk: the fallback answers this one at once.
            answer(fallback.chooseLevel(observation), Source.FALLBACK_DEADLINE);
            return this;
        }
        atPolicy = requestId;
        publish();
        // The decision deadline is the timer below. The ask's own timeout only covers a call that never returns:
        // until the policy answers, this session sends it nothing more (the policy actor answers every request,
        // even across restarts, so a shorter timeout would only let two of this session's requests overlap).
        Duration recognise = settings.decisionDeadline().plus(POLICY_HANG_TIMEOUT);
        getContext().<PolicyActor.Command<SessionObservation, Integer>, PolicyActor.Answer<Integer>>ask(
                (Class) PolicyActor.Answer.class, policy, recognise,
                replyTo -> new PolicyActor.Decide<>(new SessionObservation(id, observation), replyTo),
                (answer, failure) -> new PolicyAnswered(requestId, answer, failure));
        timers.startSingleTimer(DEADLINE_TIMER, new DeadlinePassed(requestId), settings.decisionDeadline());
        return this;
    }

    private Behavior<Command> onPolicyAnswered(PolicyAnswered message) {
        if (message.requestId() == atPolicy) {
            atPolicy = -1;
        }
        if (pending == null || pending.requestId() != message.requestId()) {
            if (message.failure() == null) {
                lateAnswersDropped++;
                metrics.recordLateAnswerDropped();
                publish();
            }
            return this;
        }
        if (message.answer() instanceof PolicyActor.Decided<Integer> decided) {
            int level = decided.value();
            if (level >= 0 && level < video.levels()) {
                answer(level, Source.POLICY);
            } else {
                answer(fallback.chooseLevel(pending.observation()), Source.FALLBACK_FAILURE);
            }
        } else if (message.answer() instanceof PolicyActor.Overloaded<Integer>) {
            answer(fallback.chooseLevel(pending.observation()), Source.FALLBACK_OVERLOAD);
        } else {
            // A failed call, or the ask timed out because the policy actor was restarting.
            answer(fallback.chooseLevel(pending.observation()), Source.FALLBACK_FAILURE);
        }
        return this;
    }

    private Behavior<Command> onDeadlinePassed(DeadlinePassed message) {
        if (pending != null && pending.requestId() == message.requestId()) {
            answer(fallback.chooseLevel(pending.observation()), Source.FALLBACK_DEADLINE);
        }
        return this;
    }

    private Behavior<Command> onStop() {
        if (finished()) {
            board.retire(id);
        } else {
            board.remove(id);
        }
        policy.tell(new PolicyActor.Forget<>(id));
        return this;
    }

    private void answer(int level, Source source) {
        timers.cancel(DEADLINE_TIMER);
        long latency = System.nanoTime() - pending.startNanos();
        metrics.recordDecision(source, latency);
        if (source.isFallback()) {
            fallbacks++;
        }
        nextLevel = level;
        chosenLevel = level;
        nextDecidedBy = source.name().toLowerCase();
        nextDecisionMs = latency / 1e6;
        ActorRef<ReportReply> replyTo = pending.replyTo();
        pending = null;
        publish();
        replyTo.tell(new NextLevel(nextChunk(), level, nextDecidedBy, nextDecisionMs));
    }

    private String conflict(ChunkReport report) {
        if (finished()) {
            return "session " + id + " already received all " + video.chunkCount() + " chunks";
        }
        if (pending != null) {
            return "the decision for chunk " + history.size() + " is still pending; wait for its answer";
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
            chunkQoe = settings.qoe().chunkQoe(bitrate, previous, rebuffer);
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
                startedAtEpochMs, records, qoe(), nextChunk(), nextLevel, fallbacks, lateAnswersDropped, finished()));
    }
}
