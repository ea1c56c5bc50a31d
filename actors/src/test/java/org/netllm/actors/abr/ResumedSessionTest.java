package org.netllm.actors.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * A session started again on a new node (cluster mode): it asks for the history it lost instead of refusing the
 * player's next chunk, and rebuilds its observation from the consecutive reports its front door kept.
 */
class ResumedSessionTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    private static final Video VIDEO = new Video("test", LADDER, sizes(10), 4.0);

    private static ActorTestKit testKit;
    private static final List<List<ChunkDownload>> SEEN = new CopyOnWriteArrayList<>();
    private static ActorRef<PolicyActor.Command<SessionObservation, Integer>> policy;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
        BatchAbrPolicy recording = new BatchAbrPolicy() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public int[] chooseLevels(List<SessionObservation> batch) {
                batch.forEach(o -> SEEN.add(o.observation().history()));
                return new int[] {2};
            }
        };
        policy = testKit.spawn(PolicyActor.<SessionObservation, Integer>create(() -> recording, Batching.OFF));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static long[][] sizes(int chunks) {
        long[][] sizes = new long[LADDER.length][chunks];
        for (int level = 0; level < LADDER.length; level++) {
            java.util.Arrays.fill(sizes[level], LADDER[level] * 500L);
        }
        return sizes;
    }

    private static ChunkReport chunk(int index, int level) {
        return new ChunkReport(index, level, LADDER[level] * 500L, 1000, 2000, 20.0, 0);
    }

    private ActorRef<StreamingClient.Command> resumable(String id, SessionBoard board) {
        SessionSettings settings = new SessionSettings(VIDEO, Bba.PENSIEVE, Duration.ofSeconds(2),
                Duration.ofMinutes(1), QoeModel.LINEAR, 10);
        return testKit.spawn(StreamingClient.resumable(id, settings, policy, "recording", new DecisionMetrics("abr"),
                board));
    }

    @Test
    void aResumedSessionAsksForItsLostHistoryThenDecidesOverTheKeptReports() {
        SessionBoard board = new SessionBoard();
        ActorRef<StreamingClient.Command> session = resumable("moved", board);
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();

        session.tell(new StreamingClient.ReportChunk(chunk(5, 3), probe.getRef()));
        StreamingClient.Rejected asked = probe.expectMessageClass(StreamingClient.Rejected.class);
        assertThat(asked.problem()).isEqualTo(StreamingClient.Problem.LOST_HISTORY);

        SEEN.clear();
        // Chunk 1 is not consecutive with 3..5: only the run that ends with the chunk to answer is history.
        session.tell(new StreamingClient.Resume(List.of(chunk(1, 0), chunk(3, 1), chunk(4, 2), chunk(5, 3)),
                probe.getRef()));
        StreamingClient.NextLevel next = probe.expectMessageClass(StreamingClient.NextLevel.class);

        assertThat(next.chunk()).isEqualTo(6);
        assertThat(next.level()).isEqualTo(2);
        assertThat(next.decidedBy()).isEqualTo("policy");
        assertThat(SEEN).hasSize(1);
        assertThat(SEEN.get(0)).extracting(ChunkDownload::index).containsExactly(3, 4, 5);
        assertThat(SEEN.get(0)).extracting(ChunkDownload::level).containsExactly(1, 2, 3);
        SessionView view = board.get("moved").orElseThrow();
        assertThat(view.chunks()).extracting(ChunkRecord::index).containsExactly(3, 4, 5);
        // QoE is scored from the resumed chunks on (chunks 4 and 5 after 3): what came before died with the node.
        assertThat(view.qoe().chunksScored()).isEqualTo(2);

        // It then streams on as any session.
        session.tell(new StreamingClient.ReportChunk(chunk(6, 2), probe.getRef()));
        assertThat(probe.expectMessageClass(StreamingClient.NextLevel.class).chunk()).isEqualTo(7);
    }

    @Test
    void aSessionThatMissedReportsCatchesUpFromTheKeptOnes() {
        SessionBoard board = new SessionBoard();
        ActorRef<StreamingClient.Command> session = resumable("behind", board);
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        for (int i = 0; i < 3; i++) {
            session.tell(new StreamingClient.ReportChunk(chunk(i, 1), probe.getRef()));
            probe.expectMessageClass(StreamingClient.NextLevel.class);
        }
        // Its front door answered chunks 3 and 4 itself; chunk 5 finds it expecting chunk 3.
        session.tell(new StreamingClient.ReportChunk(chunk(5, 2), probe.getRef()));
        assertThat(probe.expectMessageClass(StreamingClient.Rejected.class).problem())
                .isEqualTo(StreamingClient.Problem.CONFLICT);

        SEEN.clear();
        session.tell(new StreamingClient.Resume(List.of(chunk(2, 1), chunk(3, 2), chunk(4, 2), chunk(5, 2)),
                probe.getRef()));

        assertThat(probe.expectMessageClass(StreamingClient.NextLevel.class).chunk()).isEqualTo(6);
        assertThat(SEEN.get(0)).extracting(ChunkDownload::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(board.get("behind").orElseThrow().qoe().chunksScored()).isEqualTo(5);
    }

    @Test
    void aSessionFurtherBehindThanTheKeptReportsStartsItsHistoryAgainFromThem() {
        SessionBoard board = new SessionBoard();
        ActorRef<StreamingClient.Command> session = resumable("far", board);
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        session.tell(new StreamingClient.ReportChunk(chunk(0, 1), probe.getRef()));
        probe.expectMessageClass(StreamingClient.NextLevel.class);

        SEEN.clear();
        session.tell(new StreamingClient.Resume(List.of(chunk(6, 2), chunk(7, 2), chunk(8, 3)), probe.getRef()));

        assertThat(probe.expectMessageClass(StreamingClient.NextLevel.class).chunk()).isEqualTo(9);
        assertThat(SEEN.get(0)).extracting(ChunkDownload::index).containsExactly(6, 7, 8);
        assertThat(board.get("far").orElseThrow().chunks()).extracting(ChunkRecord::index).containsExactly(6, 7, 8);
    }

    @Test
    void aResumableSessionWhoseFirstReportIsChunkZeroIsANewSession() {
        ActorRef<StreamingClient.Command> session = resumable("new", new SessionBoard());
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        session.tell(new StreamingClient.ReportChunk(chunk(0, 0), probe.getRef()));
        assertThat(probe.expectMessageClass(StreamingClient.NextLevel.class).chunk()).isEqualTo(1);
    }

    @Test
    void aResumeWithAReportPastTheVideoIsRefusedAsInvalid() {
        ActorRef<StreamingClient.Command> session = resumable("bad", new SessionBoard());
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        session.tell(new StreamingClient.Resume(List.of(chunk(9, 0), chunk(10, 0)), probe.getRef()));
        StreamingClient.Rejected rejected = probe.expectMessageClass(StreamingClient.Rejected.class);
        assertThat(rejected.problem()).isEqualTo(StreamingClient.Problem.INVALID);
        assertThat(rejected.message()).contains("chunk 10 is past the video's 10 chunks");
    }
}
