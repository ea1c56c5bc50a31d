package org.netllm.server.abr;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.netllm.actors.ControlPlane;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.abr.AbrSessions;
import org.netllm.actors.abr.SessionBoard;
import org.netllm.actors.abr.SessionSettings;
import org.netllm.actors.cluster.ClusterRole;
import org.netllm.actors.cluster.ClusterSettings;
import org.netllm.actors.cluster.PolicyWorkers;
import org.netllm.controller.abr.QoeModel;
import org.netllm.server.DashContent;
import org.netllm.server.DecisionMetricsCollector;
import org.netllm.server.OperationsServer;
import org.netllm.server.Readiness;
import org.netllm.server.ServerConfig;

/**
 * A cluster node with the {@code policy} role only: the ABR policy worker, no front door and no sessions, and an
 * operations port ({@code serve --port}) with {@code /metrics} (its policy calls' batch sizes and durations, JVM
 * metrics), {@code /healthz} and {@code /readyz}. Close to leave the cluster.
 */
public final class PolicyNode implements AutoCloseable {

    private final ControlPlane plane;
    private final OperationsServer operations;

    private PolicyNode(ControlPlane plane, OperationsServer operations) {
        this.plane = plane;
        this.operations = operations;
    }

    /** Joins the cluster of {@code config}, starts its ABR policy worker and listens on the config's port. */
    public static PolicyNode start(ServerConfig config) throws InterruptedException {
        ClusterSettings cluster = config.cluster().orElseThrow(
                () -> new IllegalArgumentException("a policy node needs cluster settings"));
        if (!cluster.has(ClusterRole.POLICY)) {
            throw new IllegalArgumentException("this node has no policy role");
        }
        DashContent content = DashContent.open(config.content());
        SessionSettings settings = new SessionSettings(content.video(), config.fallback(), config.decisionDeadline(),
                config.idleTimeout(), QoeModel.LINEAR, config.maxSessions());
        DecisionMetrics metrics = new DecisionMetrics("abr");
        TimedPolicy.declare(metrics);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(DecisionMetricsCollector.outcomesOf(metrics));
        JvmMetrics.builder().register(registry);
        OperationsServer operations = OperationsServer.start(config.bindAddress(), config.port(), registry,
                new Readiness());
        try {
            ControlPlane plane = ControlPlane.start(ClusterSettings.SYSTEM_NAME, cluster.config());
            PolicyWorkers.startWorker(plane, AbrSessions.clusterTask(settings,
                    () -> TimedPolicy.of(config.policy().get(), metrics), config.policyName(), config.batching(),
                    new DecisionMetrics("abr"), new SessionBoard()));
            return new PolicyNode(plane, operations);
        } catch (RuntimeException e) {
            operations.close();
            throw e;
        }
    }

    /** The actor system, this node of the cluster. */
    public ControlPlane controlPlane() {
        return plane;
    }

    /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} answer. */
    public OperationsServer operations() {
        return operations;
    }

    /** Blocks until the actor system has terminated (the serve command's main thread). */
    public void awaitTermination() throws InterruptedException, TimeoutException {
        plane.awaitTermination(Duration.ofDays(365_000));
    }

    @Override
    public void close() {
        operations.close();
        plane.close();
    }
}
