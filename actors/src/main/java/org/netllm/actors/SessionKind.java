package org.netllm.actors;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What a {@link SessionRegistry} needs to know of one task's live sessions: how to start one and how to answer a
 * message for a session it does not have. Everything else (the protocol, the fallback, the accounting) is the
 * session actor's own.
 *
 * @param <C> the session actor's command type
 * @param <Q> what its requests to the policy actor carry
 * @param <A> the policy's answer
 */
public interface SessionKind<C, Q, A> {

    /** The task's short name ({@code abr}, {@code vp}, {@code cjs}), as in metric names. */
    String task();

    /** A new session actor that asks {@code policy} for its decisions. */
    Behavior<C> newSession(String sessionId, ActorRef<PolicyActor.Command<Q, A>> policy);

    /**
     * A session actor started by Cluster Sharding on the first message for {@code sessionId}: a new session, or one
     * whose node died and that now carries on here from its next message. By default the same as a new one.
     */
    default Behavior<C> resumedSession(String sessionId, ActorRef<PolicyActor.Command<Q, A>> policy) {
        return newSession(sessionId, policy);
    }

    /** Answers {@code message}, addressed to {@code sessionId}, which is not (or no longer) a live session. */
    void rejectUnknown(C message, String sessionId);

}
