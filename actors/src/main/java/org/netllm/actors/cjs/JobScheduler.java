package org.netllm.actors.cjs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.controller.cjs.SchedulerDraws;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.TpchLibrary;

/**
 * One cluster's job scheduler. Whenever the cluster needs a decision it asks the CJS policy actor (batched across
 * clusters); past the deadline the Fair rule answers and the late answer is dropped and counted. The cluster is
 * either NetLLM's simulator, driven in real time or K times faster ({@link Simulate}, the cluster's first message),
 * or an external cluster manager that posts its observations ({@link Decide}), with its clock if it has one (then
 * each decision's reward reaches the scheduler with the next observation). Publishes decisions, fallbacks, job
 * completion times and the job time accrued.
 */
public final class JobScheduler extends AbstractBehavior<JobScheduler.Command> {

    /** Messages a cluster understands. */
    public sealed interface Command permits Simulate, Decide, Advance, Decision, IdleTimeout {
    }

    /**
     * Makes this cluster the simulator's: plays {@code episode} with every decision asked of the policy.
     *
     * @param speedup simulated time runs this many times faster than real time; infinite: no waiting at all
     */
    public record Simulate(CjsEpisode.Setup episode, double speedup) implements Command {
    }

    /**
     * An external cluster's decision request; the reply carries the action.
     *
     * @param clock the observation's clock ({@code timeMs} and what goes with it), empty when it carries none: then
     *              the previous decision's reward is 0
     */
    public record Decide(CjsObservation observation, Optional<ClusterClock> clock, ActorRef<DecideReply> replyTo)
            implements Command {
    }

    /** Answers to {@link Decide}. */
    public sealed interface DecideReply permits Decided, Rejected {
    }

    /** Commit {@code action.executors()} to schedulable stage {@code action.stage()} (−1: none). */
    public record Decided(CjsAction action, String decidedBy, double decisionMs) implements DecideReply {
    }

    /** Not accepted. */
    public record Rejected(Problem problem, String message) implements DecideReply {
    }

    /** Why a request was rejected. */
    public enum Problem {
        /** A decision is still pending, or the cluster is simulated. */
        CONFLICT,
        /** No such cluster (answered by the registry). */
        UNKNOWN_SESSION,
        /** The observation contradicts the cluster's previous one (its clock going back). */
        INVALID_OBSERVATION
    }

    private enum Advance implements Command { INSTANCE }

    private record Decision(DecisionClient.Event<CjsAction> event) implements Command {
    }

    private enum IdleTimeout implements Command { INSTANCE }

    private static final Object ADVANCE_TIMER = "advance";
    private static final int MAX_LISTED_JOBS = 200;
    /** Moments kept for the dashboard's charts: enough for a smooth line, small enough to send every 2 s. */
    static final int TIMELINE_MOMENTS = 400;

    private final String id;
    private final CjsScheduler scheduler;
    private final TpchLibrary library;
    private final ClusterBoard board;
    private final TimerScheduler<Command> timers;
    private final ActorRef<PolicyActor.Command<SchedulingRequest, CjsAction>> policy;
    private final DecisionClient<Command, SchedulingRequest, CjsAction> decisions;
    private final CjsScheduler fallback = RoundRobin.fair();
    private final org.netllm.actors.OutcomeHistogram jobCompletion;
    /** A simulated cluster's jobs whose completion time was counted in {@link #jobCompletion}. */
    private boolean[] jctCounted = new boolean[0];
    /** An external cluster's active jobs' arrivals (ms on its clock) by job id, for their completion times. */
    private final java.util.Map<Integer, Double> arrivalsById = new java.util.HashMap<>();
    private final long startedAtEpochMs = System.currentTimeMillis();
    private CjsEpisode.Run run;
    /** The scheduler's memory of this cluster's episode: this actor owns it, each request carries it. */
    private CjsMemory memory;
    private double speedup;
    private long decided;
    private List<int[]> lastSupplies = List.of();
    private final List<Double> completed = new ArrayList<>();
    private final Timeline<ClusterMoment> timeline = new Timeline<>(TIMELINE_MOMENTS);
    private int jobsInSystem;
    private boolean finished;
    /** Job time accrued so far (ms), minus the rewards the scheduler heard; NaN: an external cluster without clock. */
    private double jobTimeMs;
    /** An external cluster's latest decision, waiting for the next observation's clock to learn its reward. */
    private Unrewarded unrewarded;

    /** A decision of an external cluster with a clock: its observation, clock and action, reward still unknown. */
    private record Unrewarded(CjsObservation observation, ClusterClock clock, CjsAction action) {
    }

    private JobScheduler(ActorContext<Command> context, TimerScheduler<Command> timers, String id,
                         CjsSessionSettings settings, ActorRef<PolicyActor.Command<SchedulingRequest, CjsAction>> policy,
                         CjsScheduler scheduler, TpchLibrary library, DecisionMetrics metrics, ClusterBoard board) {
        super(context);
        this.timers = timers;
        this.id = id;
        this.policy = policy;
        this.scheduler = scheduler;
        this.memory = scheduler.start();
        this.jobTimeMs = Double.NaN;
        this.jobCompletion = CjsClusters.jobCompletion(metrics);
        this.library = library;
        this.board = board;
        this.decisions = new DecisionClient<>(context, timers, Decision::new, policy, settings.decisionDeadline(),
                metrics);
        context.setReceiveTimeout(settings.idleTimeout(), IdleTimeout.INSTANCE);
        publish();
    }

    /** A cluster; it is external until told to {@link Simulate}. */
    public static Behavior<Command> create(String id, CjsSessionSettings settings,
                                           ActorRef<PolicyActor.Command<SchedulingRequest, CjsAction>> policy,
                                           CjsScheduler scheduler, TpchLibrary library, DecisionMetrics metrics,
                                           ClusterBoard board) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new JobScheduler(context, timers, id, settings, policy, scheduler, library, metrics, board)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Simulate.class, this::onSimulate)
                .onMessage(Decide.class, this::onDecide)
                .onMessageEquals(Advance.INSTANCE, this::onAdvance)
                .onMessage(Decision.class, this::onDecision)
                .onMessageEquals(IdleTimeout.INSTANCE, this::onIdle)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onSimulate(Simulate message) {
        if (run != null || decided > 0) {
            return this;
        }
        run = CjsEpisode.start(message.episode(), library, null);
        jctCounted = new boolean[run.jobCount()];
        jobTimeMs = 0;
        speedup = message.speedup();
        // A simulated cluster runs until its jobs are done, requests or not.
        getContext().cancelReceiveTimeout();
        getContext().getSelf().tell(Advance.INSTANCE);
        return this;
    }

    private Behavior<Command> onAdvance() {
        if (run == null || decisions.isPending()) {
            return this;
        }
        if (run.done()) {
            finish();
            return Behaviors.stopped();
        }
        CjsObservation observation = run.observe();
        request(observation, this::applySimulated);
        return this;
    }

    private void applySimulated(CjsObservation observation, DecisionClient.Answered<CjsAction> answered) {
        double before = run.timeMs();
        double reward = run.step(answered.value());
        jobTimeMs -= reward;
        memory = scheduler.remember(memory, observation, answered.value(), reward);
        observeJobs();
        record(run.timeMs());
        publish();
        double simulatedMs = run.timeMs() - before;
        long waitMs = Double.isInfinite(speedup) ? 0 : Math.round(simulatedMs / speedup);
        if (waitMs <= 0) {
            getContext().getSelf().tell(Advance.INSTANCE);
        } else {
            timers.startSingleTimer(ADVANCE_TIMER, Advance.INSTANCE, java.time.Duration.ofMillis(waitMs));
        }
    }

    private Behavior<Command> onDecide(Decide message) {
        if (run != null) {
            message.replyTo().tell(new Rejected(Problem.CONFLICT, "cluster " + id + " is simulated; it takes no "
                    + "decision requests"));
            return this;
        }
        if (decisions.isPending()) {
            message.replyTo().tell(new Rejected(Problem.CONFLICT, "the previous decision of cluster " + id
                    + " is still pending; wait for its answer"));
            return this;
        }
        Optional<String> problem = clockProblem(message.clock());
        if (problem.isPresent()) {
            message.replyTo().tell(new Rejected(Problem.INVALID_OBSERVATION, problem.get()));
            return this;
        }
        if (unrewarded != null) {
            // The clock tells the previous decision's reward: the job time accrued since, as the simulator counts it.
            double jobTime = message.clock().orElseThrow().jobTimeSince(unrewarded.clock(),
                    unrewarded.observation().jobIds(), message.observation().jobIds());
            jobTimeMs += jobTime;
            // 0 - x: no negative zero inside a round, where the simulator's reward is a plain 0.
            memory = scheduler.remember(memory, unrewarded.observation(), unrewarded.action(), 0 - jobTime);
            unrewarded = null;
        }
        message.clock().ifPresent(clock -> countCompletions(clock, message.observation()));
        // The decision index is the cluster's own count: it drives a stochastic scheduler's draws (rule D8).
        CjsObservation o = message.observation();
        CjsObservation observation = new CjsObservation((int) decided, o.executors(), o.committable(), o.sourceJob(),
                o.jobIds(), o.supplies(), o.jobStart(), o.stageIds(), o.remainingTasks(), o.recentDurationMs(),
                o.edgeParents(), o.edgeChildren(), o.schedulable());
        lastSupplies = supplies(observation);
        jobsInSystem = observation.jobCount();
        request(observation, (obs, answered) -> {
            if (message.clock().isPresent()) {
                // The reward is known at the next observation; the scheduler hears it before that decision.
                jobTimeMs = Double.isNaN(jobTimeMs) ? 0 : jobTimeMs;
                unrewarded = new Unrewarded(obs, message.clock().get(), answered.value());
            } else {
                // Without a clock the step counts as reward 0 (the adapted model's return-to-go stays at its target).
                memory = scheduler.remember(memory, obs, answered.value(), 0);
            }
            record(message.clock().map(ClusterClock::timeMs)
                    .orElse((double) (System.currentTimeMillis() - startedAtEpochMs)));
            publish();
            message.replyTo().tell(new Decided(answered.value(), answered.decidedBy(), answered.decisionMs()));
        });
        return this;
    }

    /**
     * An external cluster's completion times: each job's arrival as first seen, its completion from
     * {@code completedJobs}; only the active jobs' arrivals are kept.
     */
    private void countCompletions(ClusterClock clock, CjsObservation observation) {
        for (java.util.Map.Entry<Integer, Double> done : clock.completedMs().entrySet()) {
            Double arrival = arrivalsById.remove(done.getKey());
            if (arrival != null) {
                jobCompletion.observe((done.getValue() - arrival) / 1000.0);
            }
        }
        java.util.Set<Integer> active = new java.util.HashSet<>();
        for (int j = 0; j < observation.jobCount(); j++) {
            int jobId = observation.jobIds()[j];
            active.add(jobId);
            if (Double.isFinite(clock.arrivalMs()[j])) {
                arrivalsById.putIfAbsent(jobId, clock.arrivalMs()[j]);
            }
        }
        arrivalsById.keySet().retainAll(active);
    }

    /** Why this observation's clock cannot follow the previous decision's; empty if it can (or neither has one). */
    private Optional<String> clockProblem(Optional<ClusterClock> clock) {
        if (unrewarded == null) {
            return Optional.empty();
        }
        if (clock.isEmpty()) {
            return Optional.of("timeMs missing: cluster " + id + "'s previous observation carried timeMs "
                    + unrewarded.clock().timeMs() + "; once observations carry the clock, every one must");
        }
        return clock.get().problemAfter(unrewarded.clock());
    }

    private interface Apply {
        void apply(CjsObservation observation, DecisionClient.Answered<CjsAction> answered);
    }

    private void request(CjsObservation observation, Apply apply) {
        decided++;
        decisions.request(new SchedulingRequest(id, observation, memory),
                () -> fallback.decide(observation, SchedulerDraws.deterministic(observation.decision())),
                action -> valid(observation, action), answered -> apply.apply(observation, answered));
    }

    /** An action the cluster can take: a schedulable stage (or none) and 1..C executors. */
    static boolean valid(CjsObservation observation, CjsAction action) {
        if (action == null) {
            return false;
        }
        if (action.stage() == CjsAction.NONE) {
            return true;
        }
        return action.stage() >= 0 && action.stage() < observation.schedulable().length && action.executors() >= 1
                && action.executors() <= observation.committable();
    }

    private Behavior<Command> onDecision(Decision message) {
        if (decisions.on(message.event())) {
            publish();
        }
        return this;
    }

    private Behavior<Command> onIdle() {
        return run == null ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onStop() {
        if (!finished) {
            board.remove(id);
        }
        policy.tell(new PolicyActor.Forget<>(id));
        return this;
    }

    private void observeJobs() {
        double now = run.timeMs();
        int inSystem = 0;
        completed.clear();
        for (int j = 0; j < run.jobCount(); j++) {
            double done = run.completionMs(j);
            if (Double.isFinite(done) && done <= now) {
                completed.add((done - run.job(j).arrivalMs()) / 1000.0);
                if (j < jctCounted.length && !jctCounted[j]) {
                    jctCounted[j] = true;
                    jobCompletion.observe((done - run.job(j).arrivalMs()) / 1000.0);
                }
            } else if (run.job(j).arrivalMs() <= now) {
                inSystem++;
            }
        }
        jobsInSystem = inSystem;
        if (!run.done()) {
            lastSupplies = supplies(run.observe());
        }
    }

    private static List<int[]> supplies(CjsObservation observation) {
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < observation.jobCount() && out.size() < MAX_LISTED_JOBS; j++) {
            out.add(new int[] {observation.jobIds()[j], observation.supplies()[j]});
        }
        return out;
    }

    /** The cluster after a decision, at {@code atMs} on its clock. */
    private void record(double atMs) {
        timeline.add(new ClusterMoment(atMs / 1000, decided, decisions.fallbacks(), jobsInSystem, averageJct(),
                lastSupplies));
    }

    private double averageJct() {
        return completed.isEmpty() ? Double.NaN
                : completed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private void finish() {
        finished = true;
        lastSupplies = List.of();
        publish();
    }

    private void publish() {
        double avg = averageJct();
        board.publish(new ClusterView(id, run == null ? "external" : "simulated", scheduler.name(), startedAtEpochMs,
                decided, decisions.fallbacks(), decisions.lateAnswersDropped(), run == null ? 0 : run.timeMs(),
                run == null ? 0 : run.jobCount(), jobsInSystem, lastSupplies, completed, avg, jobTimeMs, finished,
                timeline.snapshot()));
    }
}
