package org.netllm.actors.vp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.netllm.actors.DecisionClient;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.Timeline;
import org.netllm.controller.vp.Velocity;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.YawHandling;

/**
 * One viewer of a 360° video: keeps the viewer's recent head orientations and, with every new sample once hw are
 * there, asks the VP policy for the next pw orientations. Past the deadline the session's Velocity fallback answers
 * and the policy's late answer is dropped and counted. Scores its predictions as the samples they predicted
 * arrive. Stops itself when idle.
 */
public final class ViewportTracker extends AbstractBehavior<ViewportTracker.Command> {

    /** Messages a viewer session understands. */
    public sealed interface Command permits AddSamples, Decision, IdleTimeout {
    }

    /** New samples of the viewer, oldest first; the reply carries the prediction from the last one. */
    public record AddSamples(List<OrientationSample> samples, ActorRef<SamplesReply> replyTo) implements Command {
    }

    /** Answers to {@link AddSamples}. */
    public sealed interface SamplesReply permits Predicted, Collecting, Rejected {
    }

    /** The next pw orientations after the last sample. */
    public record Predicted(ViewportPrediction prediction, double periodSeconds) implements SamplesReply {
    }

    /** Accepted; a prediction needs {@code needed} samples and {@code have} are there. */
    public record Collecting(int have, int needed) implements SamplesReply {
    }

    /** The samples were not accepted; nothing changed. */
    public record Rejected(Problem problem, String message) implements SamplesReply {
    }

    /** Why samples were rejected. */
    public enum Problem {
        /** A value is out of range, or time does not increase. */
        INVALID,
        /** A prediction is still pending. */
        CONFLICT,
        /** No such session (answered by the registry). */
        UNKNOWN_SESSION
    }

    private record Decision(DecisionClient.Event<double[][]> event) implements Command {
    }

    private enum IdleTimeout implements Command { INSTANCE }

    /** Moments kept for the dashboard's charts: 80 s at 5 Hz in full, a long session thinned evenly. */
    static final int TIMELINE_MOMENTS = 400;

    private final String id;
    private final VpSessionSettings settings;
    private final String predictorName;
    private final VpBoard board;
    private final ActorRef<PolicyActor.Command<ViewportRequest, double[][]>> policy;
    private final DecisionClient<Command, ViewportRequest, double[][]> decisions;
    private final ViewportPredictor fallback = new Velocity(YawHandling.RAW);
    private final long startedAtEpochMs = System.currentTimeMillis();
    private final Deque<OrientationSample> kept = new ArrayDeque<>();
    private final Deque<double[]> history = new ArrayDeque<>();
    private final Deque<ViewportPrediction> predictions = new ArrayDeque<>();
    private final LiveViewportError error;
    private final Timeline<ViewerMoment> timeline = new Timeline<>(TIMELINE_MOMENTS);
    private long predicted;
    private double lastT = Double.NEGATIVE_INFINITY;

    private ViewportTracker(ActorContext<Command> context, TimerScheduler<Command> timers, String id,
                            VpSessionSettings settings, ActorRef<PolicyActor.Command<ViewportRequest, double[][]>> policy,
                            String predictorName, DecisionMetrics metrics, VpBoard board) {
        super(context);
        this.id = id;
        this.settings = settings;
        this.policy = policy;
        this.predictorName = predictorName;
        this.board = board;
        this.error = new LiveViewportError(settings.pw(), VpSessions.predictionMae(metrics)::observe);
        this.decisions = new DecisionClient<>(context, timers, Decision::new, policy, settings.decisionDeadline(),
                metrics);
        context.setReceiveTimeout(settings.idleTimeout(), IdleTimeout.INSTANCE);
        publish();
    }

    /** A viewer session. */
    public static Behavior<Command> create(String id, VpSessionSettings settings,
                                           ActorRef<PolicyActor.Command<ViewportRequest, double[][]>> policy,
                                           String predictorName, DecisionMetrics metrics, VpBoard board) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new ViewportTracker(context, timers, id, settings, policy, predictorName, metrics, board)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AddSamples.class, this::onSamples)
                .onMessage(Decision.class, this::onDecision)
                .onMessageEquals(IdleTimeout.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onSamples(AddSamples message) {
        if (decisions.isPending()) {
            message.replyTo().tell(new Rejected(Problem.CONFLICT,
                    "the prediction after the previous samples is still pending; wait for its answer"));
            return this;
        }
        String problem = invalid(message.samples());
        if (problem != null) {
            message.replyTo().tell(new Rejected(Problem.INVALID, problem));
            return this;
        }
        for (OrientationSample sample : message.samples()) {
            add(sample);
        }
        if (history.size() < settings.hw()) {
            publish();
            message.replyTo().tell(new Collecting(history.size(), settings.hw()));
            return this;
        }
        double[][] window = history.toArray(new double[0][]);
        int index = error.samples() - 1;
        double from = lastT + settings.periodSeconds();
        ActorRef<SamplesReply> replyTo = message.replyTo();
        decisions.request(new ViewportRequest(id, window, settings.pw()),
                () -> fallback.predict(window, settings.pw()), this::valid,
                answered -> answer(index, from, answered, replyTo));
        if (decisions.isPending()) {
            publish();
        }
        return this;
    }

    private Behavior<Command> onDecision(Decision message) {
        if (decisions.on(message.event())) {
            publish();
        }
        return this;
    }

    private Behavior<Command> onStop() {
        board.remove(id);
        policy.tell(new PolicyActor.Forget<>(id));
        return this;
    }

    private void add(OrientationSample sample) {
        lastT = sample.t();
        double[] angles = sample.angles();
        history.addLast(angles);
        if (history.size() > settings.hw()) {
            history.removeFirst();
        }
        kept.addLast(sample);
        if (kept.size() > settings.maxSamples()) {
            kept.removeFirst();
        }
        error.arrived(angles);
    }

    private void answer(int index, double from, DecisionClient.Answered<double[][]> answered,
                        ActorRef<SamplesReply> replyTo) {
        ViewportPrediction prediction = new ViewportPrediction(index, from, answered.value(), answered.decidedBy(),
                answered.decisionMs());
        error.predicted(index, answered.value());
        predicted++;
        timeline.add(new ViewerMoment(lastT, error.mae(), predicted, decisions.fallbacks()));
        predictions.addLast(prediction);
        if (predictions.size() > settings.maxSamples()) {
            predictions.removeFirst();
        }
        publish();
        replyTo.tell(new Predicted(prediction, settings.periodSeconds()));
    }

    /** A policy answer counts only with pw finite rows of three angles. */
    private boolean valid(double[][] answer) {
        if (answer == null || answer.length != settings.pw()) {
            return false;
        }
        for (double[] row : answer) {
            if (row == null || row.length != 3) {
                return false;
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private String invalid(List<OrientationSample> samples) {
        if (samples.isEmpty()) {
            return "no samples; send one or more {t, roll, pitch, yaw}";
        }
        double t = lastT;
        for (int i = 0; i < samples.size(); i++) {
            OrientationSample s = samples.get(i);
            String problem = s.problem();
            if (problem != null) {
                return "sample " + i + ": " + problem;
            }
            if (!(s.t() > t)) {
                return "sample " + i + ": t " + s.t() + " does not increase (the previous sample is at " + t + ")";
            }
            t = s.t();
        }
        return null;
    }

    private void publish() {
        board.publish(new ViewerView(id, predictorName, settings.hw(), settings.pw(), startedAtEpochMs,
                error.samples(), new ArrayList<>(kept), new ArrayList<>(predictions), error.mae(), error.anchorMae(),
                error.scoredAnchors(), decisions.fallbacks(), decisions.lateAnswersDropped(),
                timeline.snapshot()));
    }
}
