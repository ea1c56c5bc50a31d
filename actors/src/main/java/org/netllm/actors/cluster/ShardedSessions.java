package org.netllm.actors.cluster;

import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.netllm.actors.ControlPlane;
import org.netllm.actors.PolicyActor;
import org.netllm.actors.SessionRegistry;

/**
 * A task's sessions as Cluster Sharding entities, one per session, the entity id being the session id; any front
 * node reaches any session through its shard region. The front door talks to it with the single-JVM registry's
 * protocol ({@link SessionRegistry.Open}, {@link SessionRegistry.Deliver}), so HTTP handlers do not change. An
 * entity is started (by {@link org.netllm.actors.SessionKind#resumedSession}) on the first message for its id: after
 * its node died, that is the session's next message, on a surviving node.
 *
 * <p>Not cluster-wide: the session cap (each front door opens without counting), and the session board (a node shows
 * the sessions it hosts).
 */
public final class ShardedSessions {

    private ShardedSessions() {
    }

    /** The entity type of a task's sessions ({@code abr-session}). */
    public static <C> EntityTypeKey<C> typeKey(ClusterTask<C, ?, ?> task) {
        return EntityTypeKey.create(task.commandType(), task.task() + "-session");
    }

    /**
     * Starts this node's shard region of the task's sessions (entities are hosted on {@code front} nodes) and the
     * policy router they ask; returns the front door's registry-protocol actor.
     */
    public static <C, Q, A> ActorRef<SessionRegistry.Command<C>> start(ControlPlane plane, ClusterTask<C, Q, A> task) {
        ActorRef<PolicyActor.Command<Q, A>> router = PolicyWorkers.startRouter(plane, task);
        ActorRef<ShardingEnvelope<C>> region = ClusterSharding.get(plane.system()).init(
                Entity.of(typeKey(task), entity -> task.kind().resumedSession(entity.getEntityId(), router))
                        .withRole(ClusterRole.FRONT.label()));
        return plane.spawn(frontDoor(region), task.task() + "-sessions");
    }

    private static <C> Behavior<SessionRegistry.Command<C>> frontDoor(ActorRef<ShardingEnvelope<C>> region) {
        return Behaviors.receive((context, command) -> {
            if (command instanceof SessionRegistry.Open<C> open) {
                String id = UUID.randomUUID().toString();
                if (open.first() != null) {
                    region.tell(new ShardingEnvelope<>(id, open.first()));
                }
                open.replyTo().tell(new SessionRegistry.Opened(id));
            } else if (command instanceof SessionRegistry.Deliver<C> deliver) {
                region.tell(new ShardingEnvelope<>(deliver.sessionId(), deliver.message()));
            }
            return Behaviors.same();
        });
    }
}
