package org.netllm.actors.cjs;

import java.util.List;

/**
 * An immutable snapshot of one live cluster, published after every change for the API and the dashboard.
 *
 * @param kind           {@code simulated} (the simulator is the cluster) or {@code external} (a cluster manager asks)
 * @param simulatedMs    the simulated cluster's clock (0 for an external one)
 * @param jobsInSystem   jobs arrived and not completed (an external cluster's: those its latest observation lists)
 * @param executorsByJob the latest decision's executor supply per active job id (job id, supply), at most 200
 * @param completedJcts  completion times in s of the jobs completed so far, in job order
 * @param avgJctS        mean of {@code completedJcts}, NaN before the first
 * @param jobTimeMs      job time accrued so far (ms), minus the sum of the rewards the scheduler heard; NaN for an
 *                       external cluster whose observations carry no {@code timeMs}
 * @param timeline       the cluster after its decisions, oldest first, thinned evenly to a bounded number
 */
public record ClusterView(String id, String kind, String scheduler, long startedAtEpochMs, long decisions,
                          long fallbacks, long lateAnswersDropped, double simulatedMs, int jobs, int jobsInSystem,
                          List<int[]> executorsByJob, List<Double> completedJcts, double avgJctS, double jobTimeMs,
                          boolean finished, List<ClusterMoment> timeline) {

    public ClusterView {
        executorsByJob = List.copyOf(executorsByJob);
        completedJcts = List.copyOf(completedJcts);
        timeline = List.copyOf(timeline);
    }
}
