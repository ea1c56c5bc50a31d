package org.netllm.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.abr.ChunkReport;
import org.netllm.actors.abr.QoeSummary;
import org.netllm.actors.abr.SessionObservation;
import org.netllm.actors.abr.StreamingClient;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/** Every message that crosses nodes goes through the Jackson CBOR serializer and comes back equal. */
class ClusterMessagesTest {

    private static ActorTestKit testKit;
    private static Serialization serialization;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ClusterSettings settings = new ClusterSettings.Builder(new ClusterAddress("127.0.0.1", port),
                "a-test-secret-of-enough-length").build();
        testKit = ActorTestKit.create(ClusterSettings.SYSTEM_NAME, settings.config());
        serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Object roundTrip(Object message) {
        Serializer serializer = serialization.findSerializerFor(message);
        assertThat(serializer.getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
        byte[] bytes = serialization.serialize(message).get();
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
                .get();
    }

    @Test
    void sessionCommandsAndRepliesCrossNodesUnchanged() {
        TestProbe<StreamingClient.ReportReply> probe = testKit.createTestProbe();
        ChunkReport report = new ChunkReport(3, 2, 600_000, 1000.5, 1800.25, 7.5, 12.0);
        List<Object> messages = List.of(
                new StreamingClient.StartAt(5),
                new StreamingClient.ReportChunk(report, probe.ref()),
                new StreamingClient.Resume(List.of(report, new ChunkReport(4, 3, 900_000, 1900, 2500, 8, 0)),
                        probe.ref()),
                new StreamingClient.NextLevel(4, 3, "policy", 1.25),
                new StreamingClient.Finished(new QoeSummary(1.2, 1.5, 0.4, 0.1, 47)),
                new StreamingClient.Rejected(StreamingClient.Problem.LOST_HISTORY, "resume me"));
        for (Object message : messages) {
            assertThat(roundTrip(message)).isEqualTo(message);
        }
    }

    @Test
    void policyRequestsCarryTheirObservationAndAnswersTheirLevel() {
        TestProbe<PolicyActor.Answer<Integer>> probe = testKit.createTestProbe();
        Video video = new Video("v", new int[] {300, 750, 1200}, new long[][] {{10, 11}, {20, 21}, {30, 31}}, 4.0);
        AbrObservation observation = AbrObservation.after(
                List.of(new ChunkDownload(0, 0, 10, 500, 0, 4000)), video);
        PolicyActor.Decide<SessionObservation, Integer> decide =
                new PolicyActor.Decide<>(new SessionObservation("s-1", observation), probe.ref());

        @SuppressWarnings("unchecked")
        PolicyActor.Decide<SessionObservation, Integer> back =
                (PolicyActor.Decide<SessionObservation, Integer>) roundTrip(decide);

        assertThat(back.replyTo()).isEqualTo(probe.ref());
        SessionObservation request = back.request();
        assertThat(request.sessionId()).isEqualTo("s-1");
        assertThat(request.observation().nextChunk()).isEqualTo(1);
        assertThat(request.observation().history()).isEqualTo(observation.history());
        assertThat(request.observation().nextChunkSizes()).containsExactly(11, 21, 31);
        assertThat(request.observation().bitratesKbps()).containsExactly(300, 750, 1200);
        assertThat(roundTrip(new PolicyActor.Decided<Integer>(4, 3))).isEqualTo(new PolicyActor.Decided<>(4, 3));
        assertThat(roundTrip(new PolicyActor.Forget<SessionObservation, Integer>("s-1")))
                .isEqualTo(new PolicyActor.Forget<>("s-1"));
        assertThat(roundTrip(new PolicyActor.Overloaded<Integer>(7))).isEqualTo(new PolicyActor.Overloaded<>(7));
    }
}
