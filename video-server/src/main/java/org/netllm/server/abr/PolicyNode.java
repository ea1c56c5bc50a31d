package org.netllm.server.abr;

import org.netllm.server.DashContent;
import org.netllm.server.ServerConfig;

import org.netllm.actors.ControlPlane;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.AbrSessions;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.SessionSettings;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import org.netllm.actors.cluster.PolicyWorkers;
import org.netllm.controller.abr.QoeModel;

/** A cluster node with the {@code policy} role only: the ABR policy worker, no front door and no sessions. */
public final class PolicyNode {

    private PolicyNode() {
    }

    /** Joins the cluster of {@code config} and starts its ABR policy worker; close the plane to leave. */
    public static ControlPlane start(ServerConfig config) {
        ClusterSettings cluster = config.cluster().orElseThrow(
                () -> new IllegalArgumentException("a policy node needs cluster settings"));
        if (!cluster.has(ClusterRole.POLICY)) {
            throw new IllegalArgumentException("this node has no policy role");
        }
        DashContent content = DashContent.open(config.content());
        SessionSettings settings = new SessionSettings(content.video(), config.fallback(), config.decisionDeadline(),
                config.idleTimeout(), QoeModel.LINEAR, config.maxSessions());
        ControlPlane plane = ControlPlane.start(ClusterSettings.SYSTEM_NAME, cluster.config());
        PolicyWorkers.startWorker(plane, AbrSessions.clusterTask(settings, config.policy(), config.policyName(),
                config.batching(), new DecisionMetrics("abr"), new SessionBoard()));
        return plane;
    }
}
