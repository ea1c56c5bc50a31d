package org.netllm.actors.abr;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;

/**
 * The guardian of a server's ABR sessions: creates a {@link StreamingClient} per player, routes chunk reports to it,
 * forgets it when it expires, and supervises the shared {@link PolicyActor} (restarted when its rule throws; the
 * sessions stream on their fallback meanwhile).
 */
public final class AbrSessions extends AbstractBehavior<AbrSessions.Command> {

    /** Messages the registry understands. */
    public sealed interface Command permits StartSession, Report, SessionStopped {
    }

    /** Opens a session whose first report is of chunk {@code firstChunk} (0 for a new player). */
    public record StartSession(int firstChunk, ActorRef<StartReply> replyTo) implements Command {

        public StartSession(ActorRef<StartReply> replyTo) {
            this(0, replyTo);
        }
    }

    /** Answers to {@link StartSession}. */
    public sealed interface StartReply permits Started, Refused {
    }

    /** A new session; its first chunk is fetched at {@code firstLevel}. */
    public record Started(String sessionId, int firstChunk, int firstLevel) implements StartReply {
    }

    /** No room for another session. */
    public record Refused(String reason) implements StartReply {
    }

    /** A chunk report for session {@code sessionId}. */
    public record Report(String sessionId, ChunkReport report, ActorRef<StreamingClient.ReportReply> replyTo)
            implements Command {
    }

    private record SessionStopped(String sessionId) implements Command {
    }

    /** Restarts allowed in the window before the policy actor is given up on (sessions then use fallbacks). */
    static final int MAX_RESTARTS = 100;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    private final SessionSettings settings;
    private final String policyName;
    private final DecisionMetrics metrics;
    private final SessionBoard board;
    private final ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy;
    private final Map<String, ActorRef<StreamingClient.Command>> sessions = new HashMap<>();

    private AbrSessions(ActorContext<Command> context, SessionSettings settings, Supplier<BatchAbrPolicy> policy,
                        String policyName, Batching batching, DecisionMetrics metrics, SessionBoard board) {
        super(context);
        this.settings = settings;
        this.policyName = policyName;
        this.metrics = metrics;
        this.board = board;
        this.policy = context.spawn(
                Behaviors.supervise(PolicyActor.<SessionObservation, Integer>create(policy, batching))
                        .onFailure(PolicyActor.DecisionFailure.class,
                                SupervisorStrategy.restart().withLimit(MAX_RESTARTS, RESTART_WINDOW)),
                "policy");
    }

    /**
     * The registry.
     *
     * @param policy      makes the batched policy, again after every restart
     * @param policyName  its name in views and metrics
     */
    public static Behavior<Command> create(SessionSettings settings, Supplier<BatchAbrPolicy> policy,
                                           String policyName, Batching batching, DecisionMetrics metrics,
                                           SessionBoard board) {
        return Behaviors.setup(context ->
                new AbrSessions(context, settings, policy, policyName, batching, metrics, board));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartSession.class, this::onStart)
                .onMessage(Report.class, this::onReport)
                .onMessage(SessionStopped.class, this::onStopped)
                .build();
    }

    private Behavior<Command> onStart(StartSession message) {
        if (sessions.size() >= settings.maxSessions()) {
            message.replyTo().tell(new Refused("the server already has " + sessions.size()
                    + " sessions (its limit); try again when one ends"));
            return this;
        }
        String id = UUID.randomUUID().toString();
        ActorRef<StreamingClient.Command> session = getContext().spawn(
                StreamingClient.create(id, message.firstChunk(), settings, policy, policyName, metrics, board),
                "session-" + id);
        getContext().watchWith(session, new SessionStopped(id));
        sessions.put(id, session);
        message.replyTo().tell(new Started(id, message.firstChunk(), 0));
        return this;
    }

    private Behavior<Command> onReport(Report message) {
        ActorRef<StreamingClient.Command> session = sessions.get(message.sessionId());
        if (session == null) {
            message.replyTo().tell(new StreamingClient.Rejected(StreamingClient.Problem.UNKNOWN_SESSION,
                    "no session " + message.sessionId() + " (never created, or expired after "
                            + settings.idleTimeout().toSeconds() + " s idle); create one with POST /api/abr/sessions"));
            return this;
        }
        session.tell(new StreamingClient.ReportChunk(message.report(), message.replyTo()));
        return this;
    }

    private Behavior<Command> onStopped(SessionStopped message) {
        sessions.remove(message.sessionId());
        return this;
    }
}
