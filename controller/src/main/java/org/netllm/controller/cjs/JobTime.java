package org.netllm.controller.cjs;

import java.util.Arrays;

/**
 * Decima's reward as NetLLM's simulator defines it (spec "Reward", kept quirk Q9, rule D10): the job time accrued
 * between two decisions by the jobs active at either, whose negation is the step's reward. Pure: the simulator and
 * a live external cluster with a clock compute it alike.
 */
public final class JobTime {

    /** When each job (by id) arrived and completed, in ms on the cluster's clock. */
    public interface Jobs {
        /** When job {@code job} arrived. */
        double arrivalMs(int job);

        /** When job {@code job} completed; +∞ while it runs. */
        double completionMs(int job);
    }

    private JobTime() {
    }

    /**
     * The job time (ms) from {@code t0} to {@code t1} of the jobs active at {@code t0} or at {@code t1}:
     * Σ min(done, t1) − max(arrival, t0), summed in ascending job id so the sum is the simulator's to the bit. A job
     * that arrives and completes in between is not counted (Q9).
     *
     * @param activeAtStart job ids active at {@code t0} (any order)
     * @param activeAtEnd   job ids active at {@code t1} (any order)
     */
    public static double accrued(double t0, double t1, int[] activeAtStart, int[] activeAtEnd, Jobs jobs) {
        if (t1 - t0 == 0) {
            return 0;
        }
        int[] ids = Arrays.copyOf(activeAtStart, activeAtStart.length + activeAtEnd.length);
        System.arraycopy(activeAtEnd, 0, ids, activeAtStart.length, activeAtEnd.length);
        Arrays.sort(ids);
        double sum = 0;
        for (int k = 0; k < ids.length; k++) {
            int j = ids[k];
            if (k > 0 && ids[k - 1] == j) {
                continue;
            }
            sum += Math.min(jobs.completionMs(j), t1) - Math.max(jobs.arrivalMs(j), t0);
        }
        return sum;
    }
}
