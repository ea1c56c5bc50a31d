package org.netllm.actors.vp;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.SessionKind;
import org.netllm.actors.SessionRegistry;

/** Viewport prediction's live sessions: a {@link ViewportTracker} per viewer under a task-free registry. */
public final class VpSessions implements SessionKind<ViewportTracker.Command, ViewportRequest, double[][]> {

    private final VpSessionSettings settings;
    private final String predictorName;
    private final DecisionMetrics metrics;
    private final VpBoard board;

    /**
     * {@code netllm_vp_prediction_mae_degrees}: each live prediction's mean absolute error over its steps and angles
     * (NetLLM's wrap-aware element error), scored once the samples it predicted have arrived.
     */
    static org.netllm.actors.OutcomeHistogram predictionMae(DecisionMetrics metrics) {
        return metrics.outcome("prediction_mae_degrees", "Mean absolute error of each live viewport prediction over "
                + "its steps and angles, scored once its future samples arrived.", 1, 2, 5, 10, 15, 20, 30, 45, 60,
                90, 180);
    }

    private VpSessions(VpSessionSettings settings, String predictorName, DecisionMetrics metrics, VpBoard board) {
        this.settings = settings;
        this.predictorName = predictorName;
        this.metrics = metrics;
        // Declared with the sessions, so that /metrics shows it before any prediction is scored.
        predictionMae(metrics);
        this.board = board;
    }

    /**
     * The registry of a server's viewer sessions.
     *
     * @param policy makes the batched predictor, again after every restart
     */
    public static Behavior<SessionRegistry.Command<ViewportTracker.Command>> create(
            VpSessionSettings settings, Supplier<BatchViewportPredictor> policy, String predictorName,
            Batching batching, DecisionMetrics metrics, VpBoard board) {
        return SessionRegistry.create(new VpSessions(settings, predictorName, metrics, board), policy, batching,
                settings.maxSessions());
    }

    /** Samples for session {@code sessionId}, as the registry routes them. */
    public static SessionRegistry.Deliver<ViewportTracker.Command> samples(
            String sessionId, java.util.List<OrientationSample> samples,
            ActorRef<ViewportTracker.SamplesReply> replyTo) {
        return new SessionRegistry.Deliver<>(sessionId, new ViewportTracker.AddSamples(samples, replyTo));
    }

    @Override
    public String task() {
        return "vp";
    }

    @Override
    public Behavior<ViewportTracker.Command> newSession(
            String sessionId, ActorRef<PolicyActor.Command<ViewportRequest, double[][]>> policy) {
        return ViewportTracker.create(sessionId, settings, policy, predictorName, metrics, board);
    }

    @Override
    public void rejectUnknown(ViewportTracker.Command message, String sessionId) {
        if (message instanceof ViewportTracker.AddSamples samples) {
            samples.replyTo().tell(new ViewportTracker.Rejected(ViewportTracker.Problem.UNKNOWN_SESSION,
                    "no viewer session " + sessionId + " (never created, or expired after "
                            + settings.idleTimeout().toSeconds() + " s idle)"));
        }
    }
}
