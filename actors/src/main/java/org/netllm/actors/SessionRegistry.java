package org.netllm.actors;

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

/**
 * The guardian of one task's live sessions, task-free: opens a session actor per client (as its {@link SessionKind}
 * says), routes messages to it by id, forgets it when it stops, and supervises the task's shared
 * {@link PolicyActor} (restarted when its rule throws; sessions decide on their fallback meanwhile).
 *
 * @param <C> the session actor's command type
 * @param <Q> what a policy request carries
 * @param <A> the policy's answer
 */
public final class SessionRegistry<C, Q, A> extends AbstractBehavior<SessionRegistry.Command<C>> {

    /** Messages the registry understands. */
    public sealed interface Command<C> permits Open, Deliver, SessionStopped {
    }

    /**
     * Opens a session; {@code first}, when not null, is the new session's first message (its start parameters, e.g.
     * where an ABR player resumes), delivered before any routed message.
     */
    public record Open<C>(C first, ActorRef<OpenReply> replyTo) implements Command<C> {

        /** Opens a session with no start parameters. */
        public Open(ActorRef<OpenReply> replyTo) {
            this(null, replyTo);
        }
    }

    /** Answers to {@link Open}. */
    public sealed interface OpenReply permits Opened, Refused {
    }

    /** A new session. */
    public record Opened(String sessionId) implements OpenReply {
    }

    /** No room for another session. */
    public record Refused(String reason) implements OpenReply {
    }

    /** A message for session {@code sessionId}; a session that does not exist has it answered by the kind. */
    public record Deliver<C>(String sessionId, C message) implements Command<C> {
    }

    private record SessionStopped<C>(String sessionId) implements Command<C> {
    }

    /** Restarts allowed in the window before the policy actor is given up on (sessions then use fallbacks). */
    public static final int MAX_RESTARTS = 100;
    public static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    private final SessionKind<C, Q, A> kind;
    private final int maxSessions;
    private final ActorRef<PolicyActor.Command<Q, A>> policy;
    private final Map<String, ActorRef<C>> sessions = new HashMap<>();

    private SessionRegistry(ActorContext<Command<C>> context, SessionKind<C, Q, A> kind,
                            Supplier<? extends BatchDecider<Q, A>> policy, Batching batching, int maxSessions) {
        super(context);
        this.kind = kind;
        this.maxSessions = maxSessions;
        this.policy = context.spawn(
                Behaviors.supervise(PolicyActor.<Q, A>create(policy, batching))
                        .onFailure(PolicyActor.DecisionFailure.class,
                                SupervisorStrategy.restart().withLimit(MAX_RESTARTS, RESTART_WINDOW)),
                "policy");
    }

    /**
     * A registry.
     *
     * @param policy      makes the batched decision rule, again after every restart of the policy actor
     * @param maxSessions sessions beyond this many are refused
     */
    public static <C, Q, A> Behavior<Command<C>> create(SessionKind<C, Q, A> kind,
                                                        Supplier<? extends BatchDecider<Q, A>> policy,
                                                        Batching batching, int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions " + maxSessions + " must be at least 1");
        }
        return Behaviors.setup(context -> new SessionRegistry<>(context, kind, policy, batching, maxSessions));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Receive<Command<C>> createReceive() {
        return newReceiveBuilder()
                .onMessage(Open.class, o -> onOpen((Open<C>) o))
                .onMessage(Deliver.class, d -> onDeliver((Deliver<C>) d))
                .onMessage(SessionStopped.class, s -> onStopped(((SessionStopped<C>) s).sessionId()))
                .build();
    }

    private Behavior<Command<C>> onOpen(Open<C> message) {
        if (sessions.size() >= maxSessions) {
            message.replyTo().tell(new Refused("the server already has " + sessions.size() + " " + kind.task()
                    + " sessions (its limit); try again when one ends"));
            return this;
        }
        String id = UUID.randomUUID().toString();
        ActorRef<C> session = getContext().spawn(kind.newSession(id, policy), "session-" + id);
        getContext().watchWith(session, new SessionStopped<>(id));
        sessions.put(id, session);
        if (message.first() != null) {
            session.tell(message.first());
        }
        message.replyTo().tell(new Opened(id));
        return this;
    }

    private Behavior<Command<C>> onDeliver(Deliver<C> message) {
        ActorRef<C> session = sessions.get(message.sessionId());
        if (session == null) {
            kind.rejectUnknown(message.message(), message.sessionId());
        } else {
            session.tell(message.message());
        }
        return this;
    }

    private Behavior<Command<C>> onStopped(String sessionId) {
        sessions.remove(sessionId);
        return this;
    }
}
