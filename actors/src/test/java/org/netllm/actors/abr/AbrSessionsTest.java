package org.netllm.actors.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.SessionRegistry;
import org.netllm.actors.DecisionMetrics.Source;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

class AbrSessionsTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    private static final Video VIDEO = new Video("test", LADDER, sizes(4), 4.0);
    private static final int POLICY_LEVEL = 2;

    private ActorTestKit testKit;
    private DecisionMetrics metrics;
    private SessionBoard board;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create();
        metrics = new DecisionMetrics("abr");
        board = new SessionBoard();
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private static long[][] sizes(int chunks) {
        long[][] sizes = new long[LADDER.length][chunks];
        for (int level = 0; level < LADDER.length; level++) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                sizes[level][chunk] = LADDER[level] * 500L;
            }
        }
        return sizes;
    }

    /** A policy that always answers {@link #POLICY_LEVEL}, after {@code delayMs}, failing its first {@code failures} calls. */
    private static Supplier<BatchAbrPolicy> policy(long delayMs, int failures, AtomicInteger instances) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            instances.incrementAndGet();
            return new BatchAbrPolicy() {
                @Override
                public String name() {
                    return "fixed";
                }

                @Override
                public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
                    Thread.sleep(delayMs);
                    if (calls.incrementAndGet() <= failures) {
                        throw new IllegalStateException("model crashed");
                    }
                    int[] levels = new int[batch.size()];
                    java.util.Arrays.fill(levels, POLICY_LEVEL);
                    return levels;
                }
            };
        };
    }

    private ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry(Supplier<BatchAbrPolicy> policy,
                                                                               Duration deadline, Duration idle) {
        return registry(policy, deadline, idle, 100);
    }

    private ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry(Supplier<BatchAbrPolicy> policy,
                                                                               Duration deadline, Duration idle,
                                                                               int maxSessions) {
        SessionSettings settings = new SessionSettings(VIDEO, Bba.PENSIEVE, deadline, idle, QoeModel.LINEAR,
                maxSessions);
        return testKit.spawn(AbrSessions.create(settings, policy, "fixed", Batching.OFF, metrics, board));
    }

    private String startSession(ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry) {
        TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
        registry.tell(new SessionRegistry.Open<>(probe.getRef()));
        return ((SessionRegistry.Opened) probe.receiveMessage()).sessionId();
    }

    private StreamingClient.ReportReply report(ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry, String id, ChunkReport report) {
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        registry.tell(AbrSessions.report(id, report, probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    /** A chunk that took 1 s and left 20 s in the buffer: BBA (reservoir 5 s, cushion 10 s) answers the top level. */
    private static ChunkReport chunk(int index, int level, double stallMs) {
        return new ChunkReport(index, level, LADDER[level] * 500L, 1000, 2000, 20.0, stallMs);
    }

    @Test
    void aTimelyPolicyAnswerChoosesTheNextLevel() {
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        String id = startSession(registry);
        StreamingClient.ReportReply reply = report(registry, id, chunk(0, 0, 0));
        assertThat(reply).isEqualTo(new StreamingClient.NextLevel(1, POLICY_LEVEL, "policy",
                ((StreamingClient.NextLevel) reply).decisionMs()));
        assertThat(metrics.decisions(Source.POLICY)).isEqualTo(1);
        assertThat(board.get(id).orElseThrow().nextLevel()).isEqualTo(POLICY_LEVEL);
    }

    @Test
    void lateModelAnswerFallsBackToBbaAndIsDropped() {
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(1500, 0, new AtomicInteger()), Duration.ofMillis(50),
                Duration.ofMinutes(1));
        String id = startSession(registry);
        StreamingClient.NextLevel reply = (StreamingClient.NextLevel) report(registry, id, chunk(0, 0, 0));
        assertThat(reply.level()).isEqualTo(VIDEO.topLevel());
        assertThat(reply.decidedBy()).isEqualTo("fallback_deadline");
        // Answered at the deadline, long before the policy's 1.5 s (with room for a busy machine).
        assertThat(reply.decisionMs()).isBetween(40.0, 1000.0);
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(metrics.lateAnswersDropped()).isEqualTo(1);
            assertThat(board.get(id).orElseThrow().lateAnswersDropped()).isEqualTo(1);
            return null;
        });
        assertThat(metrics.decisions(Source.FALLBACK_DEADLINE)).isEqualTo(1);
        assertThat(metrics.decisions(Source.POLICY)).isZero();
    }

    @Test
    void aSessionNeverHasTwoRequestsAtThePolicy() {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Supplier<BatchAbrPolicy> slow = () -> new BatchAbrPolicy() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                calls.incrementAndGet();
                Thread.sleep(1500);
                concurrent.decrementAndGet();
                return new int[] {POLICY_LEVEL};
            }
        };
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(slow, Duration.ofMillis(50), Duration.ofMinutes(1));
        String id = startSession(registry);
        // Chunk 0's decision misses the deadline; chunks 1 and 2 are reported while that call still runs.
        assertThat(((StreamingClient.NextLevel) report(registry, id, chunk(0, 0, 0))).decidedBy())
                .isEqualTo("fallback_deadline");
        assertThat(((StreamingClient.NextLevel) report(registry, id, chunk(1, 5, 0))).decidedBy())
                .isEqualTo("fallback_deadline");
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(metrics.lateAnswersDropped()).isEqualTo(1);
            return null;
        });
        assertThat(calls.get()).isEqualTo(1);
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aPolicyThatThrowsIsRestartedWhileTheSessionStreamsOnTheFallback() {
        AtomicInteger instances = new AtomicInteger();
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(0, 1, instances), Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        String id = startSession(registry);
        StreamingClient.NextLevel first = (StreamingClient.NextLevel) report(registry, id, chunk(0, 0, 0));
        assertThat(first.decidedBy()).isEqualTo("fallback_failure");
        assertThat(first.level()).isEqualTo(VIDEO.topLevel());
        StreamingClient.NextLevel second = (StreamingClient.NextLevel) report(registry, id, chunk(1, first.level(), 0));
        assertThat(second.decidedBy()).isEqualTo("policy");
        assertThat(second.level()).isEqualTo(POLICY_LEVEL);
        assertThat(instances.get()).isEqualTo(2);
    }

    @Test
    void idleSessionsExpireAndAreThenUnknown() {
        // The session publishes itself when its actor starts, which may be after the registry's reply; an idle
        // limit of a second leaves a loaded machine time to see it before it expires.
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        String id = startSession(registry);
        testKit.createTestProbe().awaitAssert(Duration.ofMillis(900), () -> {
            assertThat(board.get(id)).isPresent();
            return null;
        });
        testKit.createTestProbe().awaitAssert(Duration.ofSeconds(6), () -> {
            assertThat(board.get(id)).isEmpty();
            return null;
        });
        StreamingClient.ReportReply reply = report(registry, id, chunk(0, 0, 0));
        assertThat(reply).isInstanceOf(StreamingClient.Rejected.class);
        assertThat(((StreamingClient.Rejected) reply).problem()).isEqualTo(StreamingClient.Problem.UNKNOWN_SESSION);
    }

    @Test
    void qoeIsScoredWithTheLinearModelOverChunksAfterTheFirst() {
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        String id = startSession(registry);
        report(registry, id, chunk(0, 0, 0));
        report(registry, id, chunk(1, 2, 500));
        report(registry, id, chunk(2, 2, 0));
        StreamingClient.ReportReply last = report(registry, id, chunk(3, 2, 0));
        // Chunk 1: 1.2 - 4.3 * 0.5 - |1.2 - 0.3| = -1.85; chunks 2 and 3: 1.2 each. Mean over 3 chunks.
        QoeSummary qoe = ((StreamingClient.Finished) last).qoe();
        assertThat(qoe.qoe()).isCloseTo((-1.85 + 1.2 + 1.2) / 3, within(1e-9));
        assertThat(qoe.rebufferSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(qoe.bitrateMbps()).isCloseTo(1.2, within(1e-9));
        assertThat(qoe.smoothnessMbps()).isCloseTo(0.9 / 3, within(1e-9));
        assertThat(board.get(id).orElseThrow().finished()).isTrue();
    }

    @Test
    void outOfOrderAndOutOfRangeReportsAreRejectedWithoutChangingTheSession() {
        ActorRef<SessionRegistry.Command<StreamingClient.Command>> registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        String id = startSession(registry);
        StreamingClient.Rejected skipped = (StreamingClient.Rejected) report(registry, id, chunk(1, 0, 0));
        assertThat(skipped.problem()).isEqualTo(StreamingClient.Problem.CONFLICT);
        assertThat(skipped.message()).contains("expected the report of chunk 0");
        StreamingClient.Rejected badLevel = (StreamingClient.Rejected) report(registry, id,
                new ChunkReport(0, 6, 1000, 0, 10, 4, 0));
        assertThat(badLevel.problem()).isEqualTo(StreamingClient.Problem.INVALID);
        assertThat(badLevel.message()).contains("level 6 is outside the ladder 0..5");
        assertThat(board.get(id).orElseThrow().chunks()).isEmpty();
    }

    @Test
    void aFinishedSessionFreesItsSlotWithoutWaitingForTheIdleTimeout() {
        var registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(2), Duration.ofMinutes(10), 1);
        String id = startSession(registry);
        for (int chunk = 0; chunk < VIDEO.chunkCount(); chunk++) {
            report(registry, id, chunk(chunk, 0, 0));
        }
        TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
        // The slot frees when the finished actor has stopped (a message later), not after the 10 min idle timeout.
        probe.awaitAssert(Duration.ofSeconds(5), Duration.ofMillis(50), () -> {
            registry.tell(new SessionRegistry.Open<>(probe.getRef()));
            assertThat(probe.receiveMessage()).isInstanceOf(SessionRegistry.Opened.class);
            return null;
        });
        assertThat(board.get(id).orElseThrow().finished()).isTrue();
        // The new session's actor publishes its first view when it starts, a moment after its id is handed out.
        probe.awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(board.activeSessions()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void aSessionStartedAtALaterChunkExpectsThatChunkAndFinishesAtTheVideosEnd() {
        var registry = registry(policy(0, 0, new AtomicInteger()), Duration.ofSeconds(2), Duration.ofMinutes(1));
        TestProbe<SessionRegistry.OpenReply> probe = testKit.createTestProbe();
        registry.tell(AbrSessions.open(2, probe.getRef()));
        String id = ((SessionRegistry.Opened) probe.receiveMessage()).sessionId();
        assertThat(((StreamingClient.Rejected) report(registry, id, chunk(0, 0, 0))).message())
                .contains("expected the report of chunk 2");
        StreamingClient.NextLevel next = (StreamingClient.NextLevel) report(registry, id, chunk(2, 1, 0));
        assertThat(next.chunk()).isEqualTo(3);
        assertThat(next.level()).isEqualTo(POLICY_LEVEL);
        assertThat(report(registry, id, chunk(3, POLICY_LEVEL, 0))).isInstanceOf(StreamingClient.Finished.class);
        assertThat(board.get(id).orElseThrow().chunks()).extracting(ChunkRecord::index).containsExactly(2, 3);
    }
}
