package org.netllm.actors.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.DecisionMetrics.Source;
import org.netllm.actors.SessionRegistry;
import org.netllm.controller.vp.LinearRegression;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.YawHandling;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.HeadTraceFiles;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSamples;

class ViewportTrackerTest {

    private ActorTestKit testKit;
    private DecisionMetrics metrics;
    private VpBoard board;

    @BeforeEach
    void start() {
        testKit = ActorTestKit.create();
        metrics = new DecisionMetrics("vp");
        board = new VpBoard();
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private static HeadTrace jin2022TestTrace() {
        String configured = System.getenv("NETLLM_DATA");
        Path data = configured != null ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data").normalize();
        Path dataset = data.resolve("vp/Jin2022");
        assertThat(Files.isDirectory(dataset)).as("the viewport data set at " + dataset).isTrue();
        // video 4 and user 83 are in NetLLM's test split
        return HeadTraceFiles.read(HeadTraceFiles.file(dataset, 4, 83), 4, 83);
    }

    private ActorRef<SessionRegistry.Command<ViewportTracker.Command>> registry(ViewportPredictor predictor,
                                                                                 VpSessionSettings settings) {
        return testKit.spawn(VpSessions.create(settings, () -> new BatchViewportPredictor(predictor),
                predictor.name(), Batching.OFF, metrics, board));
    }

    private static String open(ActorRef<SessionRegistry.Command<ViewportTracker.Command>> registry,
                               TestProbe<SessionRegistry.OpenReply> probe) {
        registry.tell(new SessionRegistry.Open<>(probe.getRef()));
        return ((SessionRegistry.Opened) probe.receiveMessage()).sessionId();
    }

    @Test
    void aReplayedTraceIsPredictedAfterEverySampleAndItsAnchorMaeEqualsTheOfflineEvaluation() {
        HeadTrace trace = jin2022TestTrace();
        ViewportPredictor lr = new LinearRegression(YawHandling.RAW);
        VpSessionSettings settings = VpSessionSettings.defaults(10).withDeadline(Duration.ofSeconds(10));
        var registry = registry(lr, settings);
        String id = open(registry, testKit.createTestProbe());
        TestProbe<ViewportTracker.SamplesReply> replies = testKit.createTestProbe();
        double[][] o = trace.orientations();
        List<ViewportTracker.Predicted> predicted = new ArrayList<>();
        for (int i = 0; i < o.length; i++) {
            registry.tell(VpSessions.samples(id, List.of(new OrientationSample(i * 0.2, o[i][0], o[i][1], o[i][2])),
                    replies.getRef()));
            ViewportTracker.SamplesReply reply = replies.receiveMessage(Duration.ofSeconds(10));
            if (i + 1 < settings.hw()) {
                assertThat(reply).isEqualTo(new ViewportTracker.Collecting(i + 1, settings.hw()));
            } else {
                assertThat(reply).isInstanceOf(ViewportTracker.Predicted.class);
                predicted.add((ViewportTracker.Predicted) reply);
            }
        }
        assertThat(predicted).hasSize(o.length - settings.hw() + 1)
                .allMatch(p -> p.prediction().decidedBy().equals("policy"));
        ViewportPrediction first = predicted.get(0).prediction();
        assertThat(first.index()).isEqualTo(settings.hw() - 1);
        assertThat(first.from()).isCloseTo(settings.hw() * 0.2, within(1e-9));

        double offline = VpEvaluation.score(lr, VpSamples.of(trace, settings.hw(), settings.pw()), settings.pw()).mae();
        ViewerView view = board.get(id).orElseThrow();
        assertThat(view.scoredAnchors()).isEqualTo(VpSamples.of(trace, settings.hw(), settings.pw()).size());
        assertThat(view.anchorMae()).isCloseTo(offline, within(1e-9));
        assertThat(view.liveMae()).isFinite();
        assertThat(metrics.decisions(Source.POLICY)).isEqualTo(predicted.size());
        // the dashboard's timeline: the first prediction follows sample hw - 1, the last one the last sample
        List<ViewerMoment> timeline = view.timeline();
        assertThat(timeline.get(0).t()).isCloseTo((settings.hw() - 1) * 0.2, within(1e-9));
        assertThat(timeline.get(0).liveMae()).isNaN();
        ViewerMoment last = timeline.get(timeline.size() - 1);
        assertThat(last.t()).isCloseTo((o.length - 1) * 0.2, within(1e-9));
        assertThat(last.predictions()).isEqualTo(predicted.size());
        assertThat(last.fallbacks()).isZero();
        assertThat(last.liveMae()).isEqualTo(view.liveMae());
        assertThat(timeline).hasSizeLessThanOrEqualTo(ViewportTracker.TIMELINE_MOMENTS + 1);
    }

    @Test
    void aSlowPredictorIsReplacedByVelocityPastTheDeadline() {
        ViewportPredictor slow = new ViewportPredictor() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public double[][] predict(double[][] history, int pw) {
                try {
                    Thread.sleep(3000); // far past the 50 ms deadline, even on a loaded machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new double[pw][3];
            }
        };
        VpSessionSettings settings = VpSessionSettings.defaults(10).withWindows(2, 3).withDeadline(Duration.ofMillis(50));
        var registry = registry(slow, settings);
        String id = open(registry, testKit.createTestProbe());
        TestProbe<ViewportTracker.SamplesReply> replies = testKit.createTestProbe();
        // yaw moves +10 degrees per sample: Velocity continues the line
        registry.tell(VpSessions.samples(id, List.of(new OrientationSample(0, 0, 0, 0),
                new OrientationSample(0.2, 0, 0, 10)), replies.getRef()));
        var reply = (ViewportTracker.Predicted) replies.receiveMessage(Duration.ofSeconds(5));
        assertThat(reply.prediction().decidedBy()).isEqualTo("fallback_deadline");
        assertThat(reply.prediction().orientations()[2][2]).isCloseTo(40, within(1e-9));
        // the slow answer still comes, 3 s later: it is counted as dropped and never reaches the viewer
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metrics.lateAnswersDropped() == 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(metrics.lateAnswersDropped()).isEqualTo(1);
        assertThat(metrics.fallbacksTotal()).isEqualTo(1);
        assertThat(board.get(id).orElseThrow().timeline()).singleElement()
                .isEqualTo(new ViewerMoment(0.2, Double.NaN, 1, 1));
        replies.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void samplesOutOfRangeOrBackInTimeAreRejectedAndChangeNothing() {
        var registry = registry(new LinearRegression(YawHandling.RAW), VpSessionSettings.defaults(10));
        String id = open(registry, testKit.createTestProbe());
        TestProbe<ViewportTracker.SamplesReply> replies = testKit.createTestProbe();
        registry.tell(VpSessions.samples(id, List.of(new OrientationSample(1, 0, 95, 0)), replies.getRef()));
        assertThat(replies.receiveMessage()).isInstanceOfSatisfying(ViewportTracker.Rejected.class,
                r -> assertThat(r.message()).contains("pitch 95.0"));
        registry.tell(VpSessions.samples(id, List.of(new OrientationSample(1, 0, 0, 0),
                new OrientationSample(1, 0, 0, 0)), replies.getRef()));
        assertThat(replies.receiveMessage()).isInstanceOfSatisfying(ViewportTracker.Rejected.class,
                r -> assertThat(r.message()).contains("does not increase"));
        registry.tell(VpSessions.samples(id, List.of(new OrientationSample(1, 0, 0, Double.NaN)), replies.getRef()));
        assertThat(replies.receiveMessage()).isInstanceOf(ViewportTracker.Rejected.class);
        assertThat(board.get(id).orElseThrow().sampleCount()).isZero();
        registry.tell(VpSessions.samples("nobody", List.of(new OrientationSample(1, 0, 0, 0)), replies.getRef()));
        assertThat(replies.receiveMessage()).isInstanceOfSatisfying(ViewportTracker.Rejected.class,
                r -> assertThat(r.problem()).isEqualTo(ViewportTracker.Problem.UNKNOWN_SESSION));
    }
}
