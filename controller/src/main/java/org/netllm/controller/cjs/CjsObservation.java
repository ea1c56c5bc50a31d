package org.netllm.controller.cjs;

/**
 * What a cluster job scheduler sees at one decision of NetLLM's Spark simulator: the active jobs in arrival order,
 * their active stages (the nodes) in stage-id order, the dependencies between active stages, the schedulable stages
 * and the executors the current source can commit.
 *
 * <p>Arrays are owned by the observation and must not be modified. Node {@code i} belongs to job position
 * {@code j} when {@code jobStart[j] <= i < jobStart[j + 1]}.
 *
 * @param decision          0-based index of this decision in its episode
 * @param executors         N, the cluster's executors
 * @param committable       C, executors of the source pool not yet committed in this round (at least 1)
 * @param sourceJob         position (in the active jobs) of the job whose pool is the source, or -1
 * @param jobIds            the active jobs' ids, in arrival order
 * @param supplies          S_j per active job: executors at the job, moving to it or committed to it
 * @param jobStart          first node of each active job, plus the node count at the end (length jobs + 1)
 * @param stageIds          the stage id of each node
 * @param remainingTasks    tasks of each node not yet started
 * @param recentDurationMs  the duration drawn for each node's most recently started task (ms), or its initial mean
 * @param edgeParents       parent node of each dependency between active nodes, edges sorted by (parent, child)
 * @param edgeChildren      child node of each dependency
 * @param schedulable       the schedulable nodes in list order (ascending node index); an action's stage is a
 *                          position in this list
 */
public record CjsObservation(int decision, int executors, int committable, int sourceJob, int[] jobIds,
                             int[] supplies, int[] jobStart, int[] stageIds, int[] remainingTasks,
                             double[] recentDurationMs, int[] edgeParents, int[] edgeChildren, int[] schedulable) {

    /** Active jobs. */
    public int jobCount() {
        return jobIds.length;
    }

    /** Active stages of all active jobs. */
    public int nodeCount() {
        return stageIds.length;
    }

    /** Position of the active job that node {@code node} belongs to. */
    public int jobOf(int node) {
        int lo = 0;
        int hi = jobIds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (jobStart[mid] <= node) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The most executors the scheduler may give to a stage of job position {@code job}: C for the source job, else
     * {@code min(max(N - S_j, 0), C)} (Decima's commit cap).
     */
    public int commitCap(int job) {
        return job == sourceJob ? committable : Math.min(Math.max(executors - supplies[job], 0), committable);
    }
}
