package org.netllm.server.cjs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.netllm.actors.Batching;
import org.netllm.actors.cjs.BatchCjsScheduler;
import org.netllm.actors.cjs.CjsSessionSettings;
import org.netllm.controller.cjs.CjsScheduler;

/**
 * The live cluster job scheduling part of a server.
 *
 * @param scheduler the scheduler: the policy actor runs it, and each cluster keeps its episode memory for it
 * @param batching  how the policy actor groups concurrent clusters' decisions
 * @param settings  deadline, idle expiry, cluster cap and where simulated clusters read the TPC-H DAGs
 */
public record CjsLive(CjsScheduler scheduler, Batching batching, CjsSessionSettings settings) {

    /**
     * The adapted model decides concurrent clusters in one stage pass (1.35× at 4 clusters, 1.56× at 8 on one CPU
     * thread, README "Decision latency"): worth a short wait for more clusters.
     */
    public static final Batching MODEL_BATCHING = Batching.of(Duration.ofMillis(5), 16);

    /** A scheduler with a 100 ms deadline and no batching; simulated clusters read {@code tpch}. */
    public static CjsLive of(CjsScheduler scheduler, Path tpch, int maxClusters) {
        return new CjsLive(scheduler, Batching.OFF, CjsSessionSettings.defaults(tpch, maxClusters));
    }

    /** Makes the batched scheduler (again after every restart of the policy actor). */
    public Supplier<BatchCjsScheduler> policy() {
        return () -> new BatchCjsScheduler(scheduler);
    }

    /** The scheduler's name in views and metrics. */
    public String name() {
        return scheduler.name();
    }

    /** The same with another grouping of concurrent clusters' decisions. */
    public CjsLive withBatching(Batching other) {
        return new CjsLive(scheduler, other, settings);
    }

    /** These settings with other session settings. */
    public CjsLive withSettings(CjsSessionSettings other) {
        return new CjsLive(scheduler, batching, other);
    }
}
