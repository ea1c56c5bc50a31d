package org.netllm.emulation.cjs;

import java.util.List;

/**
 * One scheduler's episode.
 *
 * @param scheduler  the scheduler's name
 * @param episode    the seed or the job file's name
 * @param executors  N
 * @param jobs       each job with its completion
 * @param avgJctS    mean over jobs (ascending id) of completion − arrival, in s
 * @param makespanS  the time the last job completed, in s
 * @param decisions  scheduler calls
 * @param returnMs   sum of the step rewards (minus the total job time, ms)
 * @param occupancy  executors per job over time, or null when not recorded
 */
public record EpisodeResult(String scheduler, String episode, int executors, List<JobOutcome> jobs, double avgJctS,
                            double makespanS, int decisions, double returnMs, OccupancyLog occupancy) {

    /**
     * One job's outcome.
     *
     * @param spec         the job
     * @param completionMs when its last stage completed
     */
    public record JobOutcome(JobSpec spec, double completionMs) {

        /** Job completion time in s. */
        public double jctS() {
            return (completionMs - spec.arrivalMs()) / 1000.0;
        }
    }
}
