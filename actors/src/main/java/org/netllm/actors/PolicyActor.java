package org.netllm.actors;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.netllm.actors.cluster.CborSerializable;

/**
 * Runs one decision rule for many sessions (the {@code Buncher} pattern): requests that arrive within the batching
 * window are decided in one call, made off the actor thread on the blocking dispatcher and piped back. At most
 * {@code maxInFlight} calls run at once (later batches wait in the queue until one returns), and at most
 * {@code maxQueued} requests wait; a request beyond that is answered {@link Overloaded} at once. A call that
 * throws answers its batch {@link Failed} and then fails this actor, so that its supervisor restarts it with a fresh
 * decider. Deadlines belong to the requester (it owns the fallback), not to this actor; but a request that waited
 * in the queue longer than its requester's patience is not worth a call any more (its fallback has answered): it is
 * answered {@link Withdrawn} instead of being decided.
 *
 * @param <Q> request payload
 * @param <A> answer payload
 */
public final class PolicyActor<Q, A> extends AbstractBehavior<PolicyActor.Command<Q, A>> {

    /** Messages this actor understands. */
    public sealed interface Command<Q, A> extends CborSerializable permits Decide, Forget, Flush, BatchDone {
    }

    /**
     * Asks for one decision; the answer goes to {@code replyTo}.
     *
     * @param patienceNanos how long the requester waits for the answer (its deadline): a request still queued after
     *                      that is answered {@link Withdrawn}, not decided; {@link Long#MAX_VALUE} for no limit
     */
    public record Decide<Q, A>(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Q request, ActorRef<Answer<A>> replyTo,
                               long patienceNanos) implements Command<Q, A> {

        /** A request that waits however long its call takes. */
        public Decide(Q request, ActorRef<Answer<A>> replyTo) {
            this(request, replyTo, Long.MAX_VALUE);
        }
    }

    /** A session ended: the rule may drop what it keeps for it. */
    public record Forget<Q, A>(String sessionId) implements Command<Q, A> {
    }

    /** What a requester gets back. */
    public sealed interface Answer<A> extends CborSerializable permits Decided, Overloaded, Failed, Withdrawn {
    }

    /** The rule's answer, and how many requests shared its call. */
    public record Decided<A>(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) A value, int batchSize) implements Answer<A> {
    }

    /** Refused at once: {@code queued} requests were already waiting. */
    public record Overloaded<A>(int queued) implements Answer<A> {
    }

    /** Not decided: it waited {@code waitedMs} in the queue, past its requester's patience. */
    public record Withdrawn<A>(double waitedMs) implements Answer<A> {
    }

    /** The call for this request's batch threw; the actor restarts. */
    public record Failed<A>(String reason) implements Answer<A> {
    }

    private record Flush<Q, A>() implements Command<Q, A> {
    }

    private record BatchDone<Q, A>(Object incarnation, List<Decide<Q, A>> batch, List<A> answers, Throwable failure)
            implements Command<Q, A> {
    }

    /** Thrown inside the actor so that supervision restarts it after a failed call. */
    public static final class DecisionFailure extends RuntimeException {
        DecisionFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Object FLUSH_TIMER = "flush";

    private final BatchDecider<Q, A> decider;
    private final Batching batching;
    private final TimerScheduler<Command<Q, A>> timers;
    private final Executor inferenceExecutor;
    private final ArrayDeque<Decide<Q, A>> queued = new ArrayDeque<>();
    /** When each queued request arrived ({@link System#nanoTime}), in the same order. */
    private final ArrayDeque<Long> queuedAt = new ArrayDeque<>();
    // Answers of calls started before a restart still arrive; they are delivered but not counted as in flight.
    private final Object incarnation = new Object();
    private int inFlight;

    private PolicyActor(ActorContext<Command<Q, A>> context, TimerScheduler<Command<Q, A>> timers,
                        BatchDecider<Q, A> decider, Batching batching) {
        super(context);
        this.timers = timers;
        this.decider = decider;
        this.batching = batching;
        this.inferenceExecutor = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    /** A policy actor; {@code decider} is called again on every (re)start, so a restart gets a fresh one. */
    public static <Q, A> Behavior<Command<Q, A>> create(Supplier<? extends BatchDecider<Q, A>> decider,
                                                        Batching batching) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new PolicyActor<>(context, timers, decider.get(), batching)));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Receive<Command<Q, A>> createReceive() {
        return newReceiveBuilder()
                .onMessage(Decide.class, d -> onDecide((Decide<Q, A>) d))
                .onMessage(Forget.class, f -> onForget(((Forget<Q, A>) f).sessionId()))
                .onMessage(Flush.class, f -> onFlush())
                .onMessage(BatchDone.class, b -> onBatchDone((BatchDone<Q, A>) b))
                .build();
    }

    private Behavior<Command<Q, A>> onDecide(Decide<Q, A> decide) {
        if (queued.size() >= batching.maxQueued()) {
            decide.replyTo().tell(new Overloaded<>(queued.size()));
            return this;
        }
        queued.add(decide);
        queuedAt.add(System.nanoTime());
        if (!batching.enabled() || queued.size() >= batching.maxBatch()) {
            dispatch();
        } else if (!timers.isTimerActive(FLUSH_TIMER)) {
            timers.startSingleTimer(FLUSH_TIMER, new Flush<>(), batching.window());
        }
        return this;
    }

    private Behavior<Command<Q, A>> onForget(String sessionId) {
        decider.forget(sessionId);
        return this;
    }

    private Behavior<Command<Q, A>> onFlush() {
        dispatch();
        return this;
    }

    private Behavior<Command<Q, A>> onBatchDone(BatchDone<Q, A> done) {
        if (done.incarnation() == incarnation) {
            inFlight--;
        }
        if (done.failure() != null) {
            Throwable cause = done.failure() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : done.failure();
            for (Decide<Q, A> d : done.batch()) {
                d.replyTo().tell(new Failed<>(String.valueOf(cause)));
            }
            if (done.incarnation() == incarnation) {
                // The restart drops the queue: answer it now rather than leave requesters to time out.
                failQueued("the policy is restarting after a failed call");
                throw new DecisionFailure("decision call for a batch of " + done.batch().size() + " failed", cause);
            }
            return this;
        }
        if (done.answers().size() != done.batch().size()) {
            for (Decide<Q, A> d : done.batch()) {
                d.replyTo().tell(new Failed<>("rule answered " + done.answers().size() + " of " + done.batch().size()));
            }
            failQueued("the policy is restarting after a wrong answer");
            throw new DecisionFailure("rule answered " + done.answers().size() + " decisions for "
                    + done.batch().size() + " requests", null);
        }
        for (int i = 0; i < done.batch().size(); i++) {
            done.batch().get(i).replyTo().tell(new Decided<>(done.answers().get(i), done.batch().size()));
        }
        // Requests held back by the in-flight cap have waited long enough: send them now.
        if (!queued.isEmpty()) {
            dispatch();
        }
        return this;
    }

    private void failQueued(String reason) {
        for (Decide<Q, A> d : queued) {
            d.replyTo().tell(new Failed<>(reason));
        }
        queued.clear();
        queuedAt.clear();
    }

    private void dispatch() {
        timers.cancel(FLUSH_TIMER);
        while (inFlight < batching.maxInFlight() && !queued.isEmpty()) {
            List<Decide<Q, A>> batch = new ArrayList<>(Math.min(queued.size(), batching.maxBatch()));
            while (batch.size() < batching.maxBatch() && !queued.isEmpty()) {
                Decide<Q, A> next = queued.poll();
                long waited = System.nanoTime() - queuedAt.poll();
                if (waited > next.patienceNanos()) {
                    // Its requester's fallback has answered: a call for it would be work nobody wants.
                    next.replyTo().tell(new Withdrawn<>(waited / 1e6));
                    continue;
                }
                batch.add(next);
            }
            if (batch.isEmpty()) {
                continue;
            }
            List<Q> requests = batch.stream().map(Decide::request).toList();
            inFlight++;
            CompletableFuture<List<A>> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return decider.decideAll(requests);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, inferenceExecutor);
            getContext().pipeToSelf(call, (answers, failure) -> new BatchDone<>(incarnation, batch, answers, failure));
        }
    }
}
