package org.netllm.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.actors.DecisionClient.Answered;
import org.netllm.actors.DecisionMetrics.Source;

/** The task-free decision protocol, driven by a minimal session actor whose requests are strings. */
class DecisionClientTest {

    private ActorTestKit testKit;
    private DecisionMetrics metrics;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create();
        metrics = new DecisionMetrics("test");
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    /** The smallest session: each Ask is one request; its answer goes to the asker. */
    private sealed interface Command permits Ask, Wrapped {
    }

    private record Ask(String request, ActorRef<Answered<String>> replyTo) implements Command {
    }

    private record Wrapped(DecisionClient.Event<String> event) implements Command {
    }

    private Behavior<Command> session(ActorRef<PolicyActor.Command<String, String>> policy, Duration deadline) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            DecisionClient<Command, String, String> client =
                    new DecisionClient<>(context, timers, Wrapped::new, policy, deadline, metrics);
            return Behaviors.receive(Command.class)
                    .onMessage(Ask.class, ask -> {
                        client.request(ask.request(), () -> "fallback", answer -> !answer.isEmpty(),
                                ask.replyTo()::tell);
                        return Behaviors.same();
                    })
                    .onMessage(Wrapped.class, wrapped -> {
                        client.on(wrapped.event());
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** Upper-cases requests; a request "slow" waits until released, "invalid" answers an invalid (empty) string. */
    private static ActorRef<PolicyActor.Command<String, String>> policy(ActorTestKit kit, CountDownLatch release) {
        BatchDecider<String, String> rule = requests -> {
            if (requests.contains("slow")) {
                release.await(10, TimeUnit.SECONDS);
            }
            return requests.stream().map(r -> r.equals("invalid") ? "" : r.toUpperCase()).toList();
        };
        return kit.spawn(PolicyActor.create(() -> rule, Batching.OFF));
    }

    @Test
    void anAnswerInTimeComesFromThePolicy() {
        var policy = policy(testKit, new CountDownLatch(0));
        var session = testKit.spawn(session(policy, Duration.ofSeconds(5)));
        TestProbe<Answered<String>> probe = testKit.createTestProbe();
        session.tell(new Ask("abc", probe.getRef()));
        Answered<String> answer = probe.receiveMessage(Duration.ofSeconds(5));
        assertThat(answer.value()).isEqualTo("ABC");
        assertThat(answer.source()).isEqualTo(Source.POLICY);
        assertThat(metrics.decisions(Source.POLICY)).isEqualTo(1);
    }

    @Test
    void pastTheDeadlineTheFallbackAnswersAndTheLateAnswerIsDroppedAndCounted() {
        CountDownLatch release = new CountDownLatch(1);
        var policy = policy(testKit, release);
        var session = testKit.spawn(session(policy, Duration.ofMillis(50)));
        TestProbe<Answered<String>> probe = testKit.createTestProbe();
        session.tell(new Ask("slow", probe.getRef()));
        Answered<String> answer = probe.receiveMessage(Duration.ofSeconds(5));
        assertThat(answer.value()).isEqualTo("fallback");
        assertThat(answer.decidedBy()).isEqualTo("fallback_deadline");
        release.countDown();
        // the policy's late answer arrives and is dropped: nothing more reaches the asker
        probe.expectNoMessage(Duration.ofMillis(300));
        assertThat(waitFor(() -> metrics.lateAnswersDropped() == 1)).isTrue();
    }

    @Test
    void whileAnEarlierRequestIsStillAtThePolicyTheNextIsAnsweredByTheFallbackAtOnce() {
        CountDownLatch release = new CountDownLatch(1);
        var policy = policy(testKit, release);
        var session = testKit.spawn(session(policy, Duration.ofMillis(50)));
        TestProbe<Answered<String>> probe = testKit.createTestProbe();
        session.tell(new Ask("slow", probe.getRef()));
        probe.receiveMessage(Duration.ofSeconds(5));
        session.tell(new Ask("next", probe.getRef()));
        Answered<String> second = probe.receiveMessage(Duration.ofSeconds(5));
        assertThat(second.value()).isEqualTo("fallback");
        assertThat(second.source()).isEqualTo(Source.FALLBACK_DEADLINE);
        release.countDown();
        assertThat(waitFor(() -> metrics.lateAnswersDropped() == 1)).isTrue();
        // once the policy is free again, it answers
        session.tell(new Ask("third", probe.getRef()));
        assertThat(probe.receiveMessage(Duration.ofSeconds(5)).value()).isEqualTo("THIRD");
        assertThat(metrics.decisions(Source.FALLBACK_DEADLINE)).isEqualTo(2);
    }

    @Test
    void anInvalidPolicyAnswerIsReplacedByTheFallback() {
        var policy = policy(testKit, new CountDownLatch(0));
        var session = testKit.spawn(session(policy, Duration.ofSeconds(5)));
        TestProbe<Answered<String>> probe = testKit.createTestProbe();
        session.tell(new Ask("invalid", probe.getRef()));
        Answered<String> answer = probe.receiveMessage(Duration.ofSeconds(5));
        assertThat(answer.value()).isEqualTo("fallback");
        assertThat(answer.source()).isEqualTo(Source.FALLBACK_FAILURE);
        assertThat(List.of(metrics.decisionsTotal(), metrics.fallbacksTotal())).containsExactly(1L, 1L);
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
