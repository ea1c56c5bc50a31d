package org.netllm.actors;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.netllm.actors.DecisionMetrics.Source;

/**
 * The live decision protocol of one session, task-free: ask the policy actor, answer with the session's fallback
 * when the deadline passes, the policy is overloaded or fails, keep at most one request per session at the policy
 * (so a stateful policy sees the session's steps in order) and drop and count answers that come too late.
 *
 * <p>It lives inside a session actor and runs on that actor's thread: the actor wraps this client's
 * {@link Event}s in one of its own messages (the {@code wrap} function) and hands them back to {@link #on(Event)}.
 *
 * @param <C> the owning actor's command type
 * @param <Q> what the policy actor receives per request
 * @param <A> its answer
 */
public final class DecisionClient<C, Q, A> {

    /** A message this client needs delivered back to it by its owner. */
    public sealed interface Event<A> permits PolicyAnswered, DeadlinePassed {
    }

    /** The policy actor answered (or the ask failed). */
    public record PolicyAnswered<A>(long requestId, PolicyActor.Answer<A> answer, Throwable failure)
            implements Event<A> {
    }

    /** The decision deadline of a request passed. */
    public record DeadlinePassed<A>(long requestId) implements Event<A> {
    }

    /** The answer to one request, by whom and after how long. */
    public record Answered<A>(A value, Source source, double decisionMs) {
        public String decidedBy() {
            return source.label();
        }
    }

    private record Pending<A>(long requestId, Supplier<A> fallback, Predicate<A> valid, Consumer<Answered<A>> onAnswer,
                              long startNanos) {
    }

    /**
     * Beyond the deadline, how long an ask may go unanswered before it counts as failed. Only a call that never
     * returns hits it: until the policy answers, the session sends it nothing more, and the policy actor answers
     * every request even across restarts, so a shorter timeout would only let two of a session's requests overlap.
     */
    public static final Duration POLICY_HANG_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The same bound in a cluster, where a policy worker's node can die with the request on it (no answer ever
     * comes): past it the session asks the policy again (its router then knows the new worker) instead of
     * answering every request with its fallback for {@link #POLICY_HANG_TIMEOUT}.
     */
    public static final Duration CLUSTER_HANG_TIMEOUT = Duration.ofSeconds(3);

    private final ActorContext<C> context;
    private final TimerScheduler<C> timers;
    private final Function<Event<A>, C> wrap;
    private final ActorRef<PolicyActor.Command<Q, A>> policy;
    private final Duration deadline;
    private final Duration hangTimeout;
    private final DecisionMetrics metrics;
    private final Object timerKey = new Object();
    private Pending<A> pending;
    private long atPolicy = -1;
    private long nextRequestId;
    private long fallbacks;
    private long lateAnswersDropped;

    /**
     * A client for one session.
     *
     * @param wrap     turns this client's events into a message of the owner, which passes them to {@link #on(Event)}
     * @param deadline how long a request waits for the policy before the fallback answers
     */
    public DecisionClient(ActorContext<C> context, TimerScheduler<C> timers, Function<Event<A>, C> wrap,
                          ActorRef<PolicyActor.Command<Q, A>> policy, Duration deadline, DecisionMetrics metrics) {
        this(context, timers, wrap, policy, deadline, POLICY_HANG_TIMEOUT, metrics);
    }

    /**
     * A client whose unanswered asks count as failed {@code hangTimeout} after their deadline
     * ({@link #CLUSTER_HANG_TIMEOUT} for a session whose policy is on another node).
     */
    public DecisionClient(ActorContext<C> context, TimerScheduler<C> timers, Function<Event<A>, C> wrap,
                          ActorRef<PolicyActor.Command<Q, A>> policy, Duration deadline, Duration hangTimeout,
                          DecisionMetrics metrics) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("decision deadline " + deadline + " must be positive");
        }
        this.context = context;
        this.timers = timers;
        this.wrap = wrap;
        this.policy = policy;
        this.deadline = deadline;
        this.hangTimeout = hangTimeout;
        this.metrics = metrics;
    }

    /**
     * Asks for one decision; {@code onAnswer} runs exactly once on the owner's thread, with the policy's answer if it
     * is in time and {@code valid}, else with the fallback's. Refused while an earlier request is still unanswered.
     */
    public void request(Q request, Supplier<A> fallback, Predicate<A> valid, Consumer<Answered<A>> onAnswer) {
        if (pending != null) {
            throw new IllegalStateException("request " + pending.requestId() + " is still unanswered");
        }
        long requestId = nextRequestId++;
        pending = new Pending<>(requestId, fallback, valid, onAnswer, System.nanoTime());
        if (atPolicy >= 0) {
            // Still late on an earlier request: the fallback answers this one at once.
            answerWithFallback(Source.FALLBACK_DEADLINE);
            return;
        }
        atPolicy = requestId;
        context.<PolicyActor.Command<Q, A>, PolicyActor.Answer<A>>ask(
                answerClass(), policy, deadline.plus(hangTimeout),
                replyTo -> new PolicyActor.Decide<>(request, replyTo, deadline.toNanos()),
                (answer, failure) -> wrap.apply(new PolicyAnswered<>(requestId, answer, failure)));
        timers.startSingleTimer(timerKey, wrap.apply(new DeadlinePassed<>(requestId)), deadline);
    }

    /**
     * Handles one of this client's events (the owner calls it for the message it wrapped).
     *
     * @return whether a late answer was dropped (the owner may want to publish its count); an answer in time or a
     *         fallback reaches the request's {@code onAnswer} instead
     */
    public boolean on(Event<A> event) {
        long dropped = lateAnswersDropped;
        if (event instanceof PolicyAnswered<A> answered) {
            onPolicyAnswered(answered);
        } else if (event instanceof DeadlinePassed<A> passed && pending != null
                && pending.requestId() == passed.requestId()) {
            answerWithFallback(Source.FALLBACK_DEADLINE);
        }
        return lateAnswersDropped != dropped;
    }

    /** Whether a request waits for its answer. */
    public boolean isPending() {
        return pending != null;
    }

    /** Decisions the fallback answered. */
    public long fallbacks() {
        return fallbacks;
    }

    /** Policy answers that came after the fallback had answered their request. */
    public long lateAnswersDropped() {
        return lateAnswersDropped;
    }

    private void onPolicyAnswered(PolicyAnswered<A> message) {
        if (message.requestId() == atPolicy) {
            atPolicy = -1;
        }
        if (message.answer() instanceof PolicyActor.Withdrawn<A>) {
            // Not decided: it waited at the policy past the deadline, so no late answer to drop either.
            metrics.recordWithdrawn();
            if (pending != null && pending.requestId() == message.requestId()) {
                answerWithFallback(Source.FALLBACK_DEADLINE);
            }
            return;
        }
        if (pending == null || pending.requestId() != message.requestId()) {
            if (message.failure() == null) {
                lateAnswersDropped++;
                metrics.recordLateAnswerDropped();
            }
            return;
        }
        if (message.answer() instanceof PolicyActor.Decided<A> decided) {
            if (pending.valid().test(decided.value())) {
                answer(decided.value(), Source.POLICY);
            } else {
                answerWithFallback(Source.FALLBACK_FAILURE);
            }
        } else if (message.answer() instanceof PolicyActor.Overloaded<A>) {
            answerWithFallback(Source.FALLBACK_OVERLOAD);
        } else {
            // A failed call, or the ask timed out because the policy actor was restarting.
            answerWithFallback(Source.FALLBACK_FAILURE);
        }
    }

    private void answerWithFallback(Source source) {
        answer(pending.fallback().get(), source);
    }

    private void answer(A value, Source source) {
        timers.cancel(timerKey);
        long latency = System.nanoTime() - pending.startNanos();
        metrics.recordDecision(source, latency);
        if (source.isFallback()) {
            fallbacks++;
        }
        Consumer<Answered<A>> onAnswer = pending.onAnswer();
        pending = null;
        onAnswer.accept(new Answered<>(value, source, latency / 1e6));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <A> Class<PolicyActor.Answer<A>> answerClass() {
        return (Class) PolicyActor.Answer.class;
    }
}
