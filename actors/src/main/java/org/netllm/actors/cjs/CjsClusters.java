package org.netllm.actors.cjs;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.netllm.actors.Batching;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.SessionKind;
import org.netllm.actors.SessionRegistry;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.TpchLibrary;

/** Cluster job scheduling's live sessions: a {@link JobScheduler} per cluster under a task-free registry. */
public final class CjsClusters implements SessionKind<JobScheduler.Command, SchedulingRequest, CjsAction> {

    private final CjsSessionSettings settings;
    private final CjsScheduler scheduler;
    private TpchLibrary library;
    private final DecisionMetrics metrics;
    private final ClusterBoard board;

    /**
     * {@code netllm_cjs_job_completion_seconds}: each job's completion time (arrival to completion) in a live
     * cluster: a simulated one's, and an external one's that sends its clock (the job's {@code arrivalMs}, then its
     * {@code completedJobs} entry).
     */
    static org.netllm.actors.OutcomeHistogram jobCompletion(DecisionMetrics metrics) {
        return metrics.outcome("job_completion_seconds", "Job completion time (arrival to completion) of each job "
                + "a live cluster completed (simulated, or external with its clock).", 1, 5, 10, 20, 30, 60, 120, 300,
                600, 1800, 3600);
    }

    private CjsClusters(CjsSessionSettings settings, CjsScheduler scheduler, DecisionMetrics metrics,
                        ClusterBoard board) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.metrics = metrics;
        // Declared with the clusters, so that /metrics shows it before any job completes.
        jobCompletion(metrics);
        this.board = board;
    }

    /**
     * The registry of a server's clusters.
     *
     * @param policy    makes the batched scheduler, again after every restart
     * @param scheduler the scheduler the policy runs: its name, and the episode memory each cluster keeps for it
     */
    public static Behavior<SessionRegistry.Command<JobScheduler.Command>> create(
            CjsSessionSettings settings, Supplier<BatchCjsScheduler> policy, CjsScheduler scheduler, Batching batching,
            DecisionMetrics metrics, ClusterBoard board) {
        return SessionRegistry.create(new CjsClusters(settings, scheduler, metrics, board), policy, batching,
                settings.maxClusters());
    }

    /** Opens an external cluster (its manager posts observations). */
    public static SessionRegistry.Open<JobScheduler.Command> openExternal(ActorRef<SessionRegistry.OpenReply> replyTo) {
        return new SessionRegistry.Open<>(replyTo);
    }

    /** Opens a simulated cluster playing {@code episode}, {@code speedup} times faster than real time. */
    public static SessionRegistry.Open<JobScheduler.Command> openSimulated(CjsEpisode.Setup episode, double speedup,
                                                                          ActorRef<SessionRegistry.OpenReply> replyTo) {
        return new SessionRegistry.Open<>(new JobScheduler.Simulate(episode, speedup), replyTo);
    }

    /** An external cluster's decision request, as the registry routes it, with its clock if any. */
    public static SessionRegistry.Deliver<JobScheduler.Command> decide(String clusterId, CjsObservation observation,
                                                                     Optional<ClusterClock> clock,
                                                                     ActorRef<JobScheduler.DecideReply> replyTo) {
        return new SessionRegistry.Deliver<>(clusterId, new JobScheduler.Decide(observation, clock, replyTo));
    }

    @Override
    public String task() {
        return "cjs";
    }

    @Override
    public Behavior<JobScheduler.Command> newSession(
            String sessionId, ActorRef<PolicyActor.Command<SchedulingRequest, CjsAction>> policy) {
        // Read on the first cluster (the registry's thread): external clusters never need the DAG files.
        if (library == null) {
            library = new TpchLibrary(settings.tpch());
        }
        return JobScheduler.create(sessionId, settings, policy, scheduler, library, metrics, board);
    }

    @Override
    public void rejectUnknown(JobScheduler.Command message, String sessionId) {
        if (message instanceof JobScheduler.Decide decide) {
            decide.replyTo().tell(new JobScheduler.Rejected(JobScheduler.Problem.UNKNOWN_SESSION,
                    "no cluster " + sessionId + " (never created, or expired after "
                            + settings.idleTimeout().toSeconds() + " s idle)"));
        }
    }
}
