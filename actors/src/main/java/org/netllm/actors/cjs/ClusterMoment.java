package org.netllm.actors.cjs;

import java.util.List;

/**
 * One cluster after one of its decisions: a point of the dashboard's charts over time.
 *
 * @param atS            the cluster's clock in s: simulated time, an external cluster's {@code timeMs} when its
 *                       observations carry one, else wall time since it opened
 * @param decisions      decisions so far
 * @param fallbacks      those of them the Fair rule answered past the deadline
 * @param jobsInSystem   jobs arrived and not completed
 * @param avgJctS        mean JCT of the jobs completed so far, NaN before the first
 * @param executorsByJob executor supply per active job (job id, supply), as in {@link ClusterView}
 */
public record ClusterMoment(double atS, long decisions, long fallbacks, int jobsInSystem, double avgJctS,
                            List<int[]> executorsByJob) {

    public ClusterMoment {
        executorsByJob = List.copyOf(executorsByJob);
    }
}
