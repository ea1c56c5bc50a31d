package org.netllm.actors.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.netllm.actors.ControlPlane;

/** Tells what happens to the cluster's membership, one line per change (for the operator and the failover run). */
public final class ClusterMembership {

    private ClusterMembership() {
    }

    /** Calls {@code report} on the actor thread with lines like {@code member up pekko://…:25521 (3 up)}. */
    public static void watch(ControlPlane plane, Consumer<String> report) {
        plane.spawn(Behaviors.<Object>setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            ActorRef<Object> self = context.getSelf();
            cluster.subscriptions().tell(Subscribe.create(self.narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(self.narrow(), ClusterEvent.ReachabilityEvent.class));
            // Counted from the events themselves: the cluster's state may lag behind the event being handled.
            Set<Address> up = new HashSet<>();
            return Behaviors.receiveMessage(event -> {
                if (event instanceof ClusterEvent.CurrentClusterState state) {
                    for (Member member : state.getMembers()) {
                        if (member.status() == MemberStatus.up()) {
                            up.add(member.address());
                        }
                    }
                } else if (event instanceof ClusterEvent.MemberUp memberUp) {
                    up.add(memberUp.member().address());
                } else if (event instanceof ClusterEvent.MemberEvent member
                        && member.member().status() != MemberStatus.up()) {
                    up.remove(member.member().address());
                }
                String line = describe(event);
                if (line != null) {
                    report.accept(line + " (" + up.size() + " up)");
                }
                return Behaviors.same();
            });
        }), "cluster-membership");
    }

    private static String describe(Object event) {
        if (event instanceof ClusterEvent.MemberUp up) {
            return "member up " + up.member().address();
        }
        if (event instanceof ClusterEvent.MemberRemoved removed) {
            return "member removed " + removed.member().address();
        }
        if (event instanceof ClusterEvent.MemberDowned downed) {
            return "member downed " + downed.member().address();
        }
        if (event instanceof ClusterEvent.UnreachableMember unreachable) {
            return "member unreachable " + unreachable.member().address();
        }
        if (event instanceof ClusterEvent.ReachableMember reachable) {
            return "member reachable " + reachable.member().address();
        }
        return null;
    }

}
