package org.netllm.controller.cjs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an external cluster's observation says about time: the cluster's own clock at the observation, when each
 * newly listed job arrived, and when the jobs gone since the previous observation completed. With it the previous
 * decision's reward is the simulator's ({@link JobTime}); what the cluster leaves out defaults to the observation's
 * time, which is exact whenever the arrival or completion is what brought the decision about.
 *
 * @param timeMs      the cluster's time of this observation (ms, finite, at least 0)
 * @param arrivalMs   per active job (position in the observation) its arrival time, NaN where not given
 * @param completedMs jobs (by id) that completed since the previous observation, and when
 */
public record ClusterClock(double timeMs, double[] arrivalMs, Map<Integer, Double> completedMs) {

    public ClusterClock {
        if (!Double.isFinite(timeMs) || timeMs < 0) {
            throw new IllegalArgumentException("timeMs must be finite and at least 0, got " + timeMs);
        }
        completedMs = Map.copyOf(completedMs);
    }

    /** A bare clock: the observation's time only. */
    public static ClusterClock at(double timeMs, int jobs) {
        double[] unknown = new double[jobs];
        Arrays.fill(unknown, Double.NaN);
        return new ClusterClock(timeMs, unknown, Map.of());
    }

    /**
     * Why this clock cannot follow {@code previous} (time going back, a completion before the previous observation),
     * naming the field; empty if it can.
     */
    public Optional<String> problemAfter(ClusterClock previous) {
        if (timeMs < previous.timeMs) {
            return Optional.of("timeMs " + timeMs + " is before the cluster's previous observation at timeMs "
                    + previous.timeMs + "; the clock must not go back");
        }
        for (Map.Entry<Integer, Double> done : completedMs.entrySet()) {
            if (done.getValue() < previous.timeMs) {
                return Optional.of("completedJobs: job " + done.getKey() + " completedMs " + done.getValue()
                        + " is before the previous observation at timeMs " + previous.timeMs
                        + "; list a job once, in the first observation after it completed");
            }
        }
        return Optional.empty();
    }

    /**
     * The job time (ms) accrued from the previous observation to this one (the previous decision's reward is its
     * negation): jobs listed at either count, a newly listed job from its {@code arrivalMs} (default: now), a job no
     * longer listed until its {@code completedMs} (default: now).
     *
     * @param previous     the previous observation's clock ({@link #problemAfter} empty)
     * @param previousJobs the previous observation's active job ids
     * @param jobs         this observation's active job ids, in the order of {@link #arrivalMs}
     */
    public double jobTimeSince(ClusterClock previous, int[] previousJobs, int[] jobs) {
        Map<Integer, Double> arrivals = new HashMap<>();
        for (int p = 0; p < jobs.length; p++) {
            arrivals.put(jobs[p], Double.isNaN(arrivalMs[p]) ? timeMs : arrivalMs[p]);
        }
        Set<Integer> before = new HashSet<>();
        for (int j : previousJobs) {
            before.add(j);
        }
        double t0 = previous.timeMs;
        double t1 = timeMs;
        return JobTime.accrued(t0, t1, previousJobs, jobs, new JobTime.Jobs() {
            @Override
            public double arrivalMs(int job) {
                // A job listed before arrived by then; max(arrival, t0) = t0 whatever it reports now.
                return before.contains(job) ? t0 : arrivals.get(job);
            }

            @Override
            public double completionMs(int job) {
                return arrivals.containsKey(job) ? Double.POSITIVE_INFINITY : completedMs.getOrDefault(job, t1);
            }
        });
    }
}
