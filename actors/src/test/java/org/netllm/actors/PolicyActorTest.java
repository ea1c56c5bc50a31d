package org.netllm.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PolicyActorTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Doubles every request and remembers the size of each call. */
    private static final class Doubler implements BatchDecider<Integer, Integer> {
        final List<Integer> callSizes = new CopyOnWriteArrayList<>();

        @Override
        public List<Integer> decideAll(List<Integer> requests) {
            callSizes.add(requests.size());
            return requests.stream().map(r -> 2 * r).toList();
        }
    }

    @Test
    void requestsArrivingWithinTheWindowShareOneCall() {
        Doubler doubler = new Doubler();
        ActorRef<PolicyActor.Command<Integer, Integer>> policy =
                testKit.spawn(PolicyActor.create(() -> doubler, Batching.of(Duration.ofMillis(300), 16)));
        TestProbe<PolicyActor.Answer<Integer>> probe = testKit.createTestProbe();
        for (int i = 1; i <= 5; i++) {
            policy.tell(new PolicyActor.Decide<>(i, probe.getRef()));
        }
        List<PolicyActor.Answer<Integer>> answers = probe.receiveSeveralMessages(5, Duration.ofSeconds(3));
        assertThat(answers).containsExactly(new PolicyActor.Decided<>(2, 5), new PolicyActor.Decided<>(4, 5),
                new PolicyActor.Decided<>(6, 5), new PolicyActor.Decided<>(8, 5), new PolicyActor.Decided<>(10, 5));
        assertThat(doubler.callSizes).containsExactly(5);
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForTheWindow() {
        Doubler doubler = new Doubler();
        ActorRef<PolicyActor.Command<Integer, Integer>> policy =
                testKit.spawn(PolicyActor.create(() -> doubler, Batching.of(Duration.ofSeconds(30), 3)));
        TestProbe<PolicyActor.Answer<Integer>> probe = testKit.createTestProbe();
        for (int i = 1; i <= 3; i++) {
            policy.tell(new PolicyActor.Decide<>(i, probe.getRef()));
        }
        assertThat(probe.receiveSeveralMessages(3, Duration.ofSeconds(3)))
                .allSatisfy(a -> assertThat(((PolicyActor.Decided<Integer>) a).batchSize()).isEqualTo(3));
        assertThat(doubler.callSizes).containsExactly(3);
    }

    @Test
    void aRequestQueuedPastItsRequestersPatienceIsWithdrawnNotDecided() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<List<Integer>> calls = new CopyOnWriteArrayList<>();
        BatchDecider<Integer, Integer> slow = requests -> {
            calls.add(List.copyOf(requests));
            started.countDown();
            release.await();
            return requests;
        };
        ActorRef<PolicyActor.Command<Integer, Integer>> policy =
                testKit.spawn(PolicyActor.create(() -> slow, new Batching(Duration.ZERO, 1, 1, 8)));
        TestProbe<PolicyActor.Answer<Integer>> first = testKit.createTestProbe();
        TestProbe<PolicyActor.Answer<Integer>> impatient = testKit.createTestProbe();
        TestProbe<PolicyActor.Answer<Integer>> patient = testKit.createTestProbe();
        policy.tell(new PolicyActor.Decide<>(1, first.getRef()));
        assertThat(started.await(3, TimeUnit.SECONDS)).isTrue();
        // Queued behind the running call: one waits 50 ms at most (its deadline), one as long as it takes.
        policy.tell(new PolicyActor.Decide<>(2, impatient.getRef(), Duration.ofMillis(50).toNanos()));
        policy.tell(new PolicyActor.Decide<>(3, patient.getRef()));
        Thread.sleep(300);
        release.countDown();

        assertThat(first.receiveMessage(Duration.ofSeconds(3))).isEqualTo(new PolicyActor.Decided<>(1, 1));
        assertThat(impatient.receiveMessage(Duration.ofSeconds(3))).isInstanceOf(PolicyActor.Withdrawn.class);
        assertThat(patient.receiveMessage(Duration.ofSeconds(3))).isEqualTo(new PolicyActor.Decided<>(3, 1));
        // The withdrawn request never reached the rule.
        assertThat(calls).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void requestsBeyondTheQueueCapAreAnsweredOverloaded() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        BatchDecider<Integer, Integer> slow = requests -> {
            started.countDown();
            release.await();
            return requests;
        };
        ActorRef<PolicyActor.Command<Integer, Integer>> policy =
                testKit.spawn(PolicyActor.create(() -> slow, new Batching(Duration.ZERO, 1, 1, 2)));
        TestProbe<PolicyActor.Answer<Integer>> probe = testKit.createTestProbe();
        policy.tell(new PolicyActor.Decide<>(1, probe.getRef()));
        assertThat(started.await(3, TimeUnit.SECONDS)).isTrue();
        policy.tell(new PolicyActor.Decide<>(2, probe.getRef()));
        policy.tell(new PolicyActor.Decide<>(3, probe.getRef()));
        policy.tell(new PolicyActor.Decide<>(4, probe.getRef()));
        // One call in flight (its cap), two waiting (the queue's cap): the fourth is refused at once.
        probe.expectMessage(Duration.ofSeconds(3), new PolicyActor.Overloaded<>(2));
        release.countDown();
        assertThat(probe.receiveSeveralMessages(3, Duration.ofSeconds(3))).containsExactly(
                new PolicyActor.Decided<>(1, 1), new PolicyActor.Decided<>(2, 1), new PolicyActor.Decided<>(3, 1));
    }
}
