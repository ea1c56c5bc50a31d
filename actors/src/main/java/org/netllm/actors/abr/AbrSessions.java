package org.netllm.actors.abr;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.SessionKind;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.cluster.ClusterTask;

/**
 * ABR's live sessions: a {@link StreamingClient} per player under a task-free {@link SessionRegistry}, which
 * supervises the shared policy actor (restarted when its rule throws; the sessions stream on their fallback
 * meanwhile). A player's first chunk is fetched at the lowest level, as in the simulator.
 */
public final class AbrSessions implements SessionKind<StreamingClient.Command, SessionObservation, Integer> {

    /** The chunk and level a new player's session starts with. */
    public static final int FIRST_CHUNK = 0;
    public static final int FIRST_LEVEL = 0;

    private final SessionSettings settings;
    private final String policyName;
    private final DecisionMetrics metrics;
    private final SessionBoard board;

    private AbrSessions(SessionSettings settings, String policyName, DecisionMetrics metrics, SessionBoard board) {
        this.settings = settings;
        this.policyName = policyName;
        this.metrics = metrics;
        // Declared with the sessions, so that /metrics shows them before any session ends.
        AbrOutcomes.in(metrics);
        this.board = board;
    }

    /**
     * The registry of a server's ABR sessions.
     *
     * @param policy      makes the batched policy, again after every restart
     * @param policyName  its name in views and metrics
     */
    public static Behavior<SessionRegistry.Command<StreamingClient.Command>> create(
            SessionSettings settings, Supplier<BatchAbrPolicy> policy, String policyName, Batching batching,
            DecisionMetrics metrics, SessionBoard board) {
        return SessionRegistry.create(new AbrSessions(settings, policyName, metrics, board), policy, batching,
                settings.maxSessions());
    }

    /** Opens a session whose first report is of chunk {@code firstChunk} (0 for a new player). */
    public static SessionRegistry.Open<StreamingClient.Command> open(int firstChunk,
                                                                    ActorRef<SessionRegistry.OpenReply> replyTo) {
        return new SessionRegistry.Open<>(firstChunk == FIRST_CHUNK ? null : new StreamingClient.StartAt(firstChunk),
                replyTo);
    }

    /** Opens a session that plays {@code video} (not the server's), its first report of chunk {@code firstChunk}. */
    public static SessionRegistry.Open<StreamingClient.Command> open(int firstChunk,
                                                                    org.netllm.controller.abr.Video video,
                                                                    ActorRef<SessionRegistry.OpenReply> replyTo) {
        return new SessionRegistry.Open<>(new StreamingClient.PlayVideo(video, firstChunk), replyTo);
    }

    /** A chunk report for session {@code sessionId}, as the registry routes it. */
    public static SessionRegistry.Deliver<StreamingClient.Command> report(
            String sessionId, ChunkReport report, ActorRef<StreamingClient.ReportReply> replyTo) {
        return new SessionRegistry.Deliver<>(sessionId, new StreamingClient.ReportChunk(report, replyTo));
    }

    /**
     * ABR's sessions in cluster mode: sharded {@link StreamingClient}s that can resume mid-stream on another node,
     * asking workers that batch as {@code batching} says.
     */
    public static ClusterTask<StreamingClient.Command, SessionObservation, Integer> clusterTask(
            SessionSettings settings, Supplier<BatchAbrPolicy> policy, String policyName, Batching batching,
            DecisionMetrics metrics, SessionBoard board) {
        return new ClusterTask<>(new AbrSessions(settings, policyName, metrics, board), StreamingClient.Command.class,
                SessionObservation::sessionId, policy, batching);
    }

    /** The reports a front door kept of a session that asked for them ({@link StreamingClient.Problem#LOST_HISTORY}). */
    public static SessionRegistry.Deliver<StreamingClient.Command> resume(
            String sessionId, List<ChunkReport> reports, ActorRef<StreamingClient.ReportReply> replyTo) {
        return new SessionRegistry.Deliver<>(sessionId, new StreamingClient.Resume(List.copyOf(reports), replyTo));
    }

    @Override
    public String task() {
        return "abr";
    }

    @Override
    public Behavior<StreamingClient.Command> newSession(
            String sessionId, ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy) {
        return StreamingClient.create(sessionId, settings, policy, policyName, metrics, board);
    }

    @Override
    public Behavior<StreamingClient.Command> resumedSession(
            String sessionId, ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy) {
        return StreamingClient.resumable(sessionId, settings, policy, policyName, metrics, board);
    }

    @Override
    public void rejectUnknown(StreamingClient.Command message, String sessionId) {
        if (message instanceof StreamingClient.ReportChunk report) {
            report.replyTo().tell(new StreamingClient.Rejected(StreamingClient.Problem.UNKNOWN_SESSION,
                    "no session " + sessionId + " (never created, or expired after "
                            + settings.idleTimeout().toSeconds() + " s idle)"));
        }
    }
}
