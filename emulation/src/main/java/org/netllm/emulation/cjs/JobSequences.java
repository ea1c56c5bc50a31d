package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * NetLLM's job stream (its {@code TPCHJobSequenceGen}): per job a query uniform in 1..22 and a size uniform over the
 * seven sizes, then an exponential gap to the next arrival with mean 25,000 ms; job 0 arrives at 0.
 */
public final class JobSequences {

    /** NetLLM's mean inter-arrival time (rate 4e-5 per ms). */
    public static final double MEAN_INTERARRIVAL_MS = 25_000;

    private JobSequences() {
    }

    /** {@code count} jobs drawn from {@code random} (query, size, then the gap, job after job). */
    public static List<JobSpec> generate(RandomGenerator random, int count) {
        List<JobSpec> jobs = new ArrayList<>(count);
        double t = 0;
        for (int id = 0; id < count; id++) {
            int query = 1 + random.nextInt(TpchLibrary.QUERIES);
            String size = TpchLibrary.SIZES.get(random.nextInt(TpchLibrary.SIZES.size()));
            jobs.add(new JobSpec(id, t, query, size));
            t += -MEAN_INTERARRIVAL_MS * Math.log(1 - random.nextDouble());
        }
        return jobs;
    }
}
