package org.netllm.controller.cjs;

/**
 * NetLLM's round-robin schedulers (its {@code RoundRobinScheduler}): the source job's own stage first with every
 * committable executor, else the first job in arrival order below the per-job cap.
 *
 * <ul>
 *   <li>{@code fifo}: cap {@code ceil(N/2)} (NetLLM's FIFO is capped);</li>
 *   <li>{@code spark-fifo}: cap N, i.e. no cap (Spark's own FIFO);</li>
 *   <li>{@code fair}: dynamic partition, cap {@code ceil(N / max(1, active jobs))}; the job count includes
 *       saturated jobs still running (kept quirk Q8).</li>
 * </ul>
 * Stateless and threadsafe.
 */
public final class RoundRobin implements CjsScheduler {

    /** How the per-job executor cap is set. */
    public enum Cap {
        /** {@code ceil(N / 2)}. */
        HALF,
        /** N: no cap. */
        NONE,
        /** {@code ceil(N / max(1, active jobs))}. */
        FAIR_SHARE
    }

    private final String name;
    private final Cap cap;

    public RoundRobin(String name, Cap cap) {
        this.name = name;
        this.cap = cap;
    }

    /** NetLLM's FIFO. */
    public static RoundRobin fifo() {
        return new RoundRobin("fifo", Cap.HALF);
    }

    /** FIFO without a cap. */
    public static RoundRobin sparkFifo() {
        return new RoundRobin("spark-fifo", Cap.NONE);
    }

    /** NetLLM's Fair (dynamic partition). */
    public static RoundRobin fair() {
        return new RoundRobin("fair", Cap.FAIR_SHARE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CjsAction decide(CjsObservation obs, SchedulerDraws draws) {
        int n = obs.executors();
        int jobs = obs.jobCount();
        int limit = switch (cap) {
            case HALF -> (n + 1) / 2;
            case NONE -> n;
            case FAIR_SHARE -> (n + Math.max(1, jobs) - 1) / Math.max(1, jobs);
        };
        int[] position = positions(obs);
        boolean[] hasActiveParent = hasActiveParent(obs);
        if (obs.sourceJob() >= 0) {
            int stage = findStage(obs, obs.sourceJob(), position, hasActiveParent);
            if (stage >= 0) {
                return new CjsAction(stage, obs.committable()); // uncapped (kept quirk Q8)
            }
        }
        for (int j = 0; j < jobs; j++) {
            if (obs.supplies()[j] >= limit || j == obs.sourceJob()) {
                continue;
            }
            int stage = findStage(obs, j, position, hasActiveParent);
            if (stage >= 0) {
                return new CjsAction(stage, Math.min(obs.committable(), limit - obs.supplies()[j]));
            }
        }
        return CjsAction.none(obs.committable());
    }

    /** The job's first schedulable stage without an active parent, else its first schedulable stage, else -1. */
    private static int findStage(CjsObservation obs, int job, int[] position, boolean[] hasActiveParent) {
        int first = -1;
        for (int node = obs.jobStart()[job]; node < obs.jobStart()[job + 1]; node++) {
            int p = position[node];
            if (p < 0) {
                continue;
            }
            if (!hasActiveParent[node]) {
                return p;
            }
            if (first < 0) {
                first = p;
            }
        }
        return first;
    }

    /** Position of each node in the schedulable list, or -1. */
    private static int[] positions(CjsObservation obs) {
        int[] position = new int[obs.nodeCount()];
        java.util.Arrays.fill(position, -1);
        int[] schedulable = obs.schedulable();
        for (int p = 0; p < schedulable.length; p++) {
            position[schedulable[p]] = p;
        }
        return position;
    }

    private static boolean[] hasActiveParent(CjsObservation obs) {
        boolean[] out = new boolean[obs.nodeCount()];
        for (int child : obs.edgeChildren()) {
            out[child] = true;
        }
        return out;
    }
}
