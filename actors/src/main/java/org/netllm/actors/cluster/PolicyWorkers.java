package org.netllm.actors.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.netllm.actors.ControlPlane;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.SessionRegistry;

/**
 * A task's policy workers across the cluster: each {@code policy} node runs one {@link PolicyActor} (restarted as in
 * single-JVM mode) registered with the Receptionist; each front node reaches them through one group router that
 * picks a worker by consistent hashing on the session id, so a session's requests (and whatever a model keeps for
 * it) stay on one worker while the listing is unchanged. When a worker's node leaves, the listing shrinks and only
 * that worker's sessions move; a request lost with it is answered by its session's deadline fallback.
 */
public final class PolicyWorkers {

    /** Virtual nodes per worker on the hash ring: enough for an even spread over a handful of workers. */
    static final int VIRTUAL_NODES_FACTOR = 50;

    private PolicyWorkers() {
    }

    /** The service key under which a task's workers register ({@code abr-policy}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <Q, A> ServiceKey<PolicyActor.Command<Q, A>> key(String task) {
        return ServiceKey.create((Class) PolicyActor.Command.class, task + "-policy");
    }

    /** Starts this node's worker for {@code task} and registers it with the Receptionist. */
    public static <C, Q, A> ActorRef<PolicyActor.Command<Q, A>> startWorker(ControlPlane plane,
                                                                           ClusterTask<C, Q, A> task) {
        Behavior<PolicyActor.Command<Q, A>> worker = Behaviors.supervise(
                        PolicyActor.<Q, A>create(task.policy(), task.batching()))
                .onFailure(PolicyActor.DecisionFailure.class, SupervisorStrategy.restart()
                        .withLimit(SessionRegistry.MAX_RESTARTS, SessionRegistry.RESTART_WINDOW));
        ActorRef<PolicyActor.Command<Q, A>> ref = plane.spawn(worker, task.task() + "-policy-worker");
        plane.system().receptionist().tell(Receptionist.register(PolicyWorkers.<Q, A>key(task.task()), ref));
        return ref;
    }

    /** Starts this node's router to the task's workers, keyed by session id. */
    public static <C, Q, A> ActorRef<PolicyActor.Command<Q, A>> startRouter(ControlPlane plane,
                                                                           ClusterTask<C, Q, A> task) {
        Behavior<PolicyActor.Command<Q, A>> router = Routers.group(PolicyWorkers.<Q, A>key(task.task()))
                .withConsistentHashingRouting(VIRTUAL_NODES_FACTOR, message -> hashKey(task, message));
        return plane.spawn(router, task.task() + "-policy-router");
    }

    private static <C, Q, A> String hashKey(ClusterTask<C, Q, A> task, PolicyActor.Command<Q, A> message) {
        if (message instanceof PolicyActor.Decide<Q, A> decide) {
            return task.sessionOf().apply(decide.request());
        }
        if (message instanceof PolicyActor.Forget<Q, A> forget) {
            return forget.sessionId();
        }
        return "";
    }
}
