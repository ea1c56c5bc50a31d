package org.netllm.server.cjs;

import org.netllm.server.StrictJson;

/**
 * How much work one external cluster's observation may ask of the server, checked while the observation is read
 * and before any scheduler sees it: an observation past a limit is 413 naming that limit, and nothing is computed for
 * it (issue 39: a valid 1 MiB observation, a 19,000-stage chain, kept the server computing for 3.4 CPU-seconds
 * after its fallback had answered, and its RSS grew from 415 MB to 1.07 GB).
 *
 * <p>The sizes are those a real cluster sends with room to spare: a TPC-H query has at most 18 stages and 19
 * dependencies, and a loaded 200-job cluster (NetLLM's episodes) has about 2,000 active stages. The work is what the
 * schedulers' cost grows with: Decima's message passing visits every stage and dependency once per DAG level
 * ({@code depth × (stages + edges)}), and the adapted model lays out a dense stage-by-stage adjacency and a
 * stage-by-job membership for each decision in its window ({@code stages × (stages + jobs)}).
 */
final class ObservationBudget {

    /** Active jobs in one observation (the project's largest simulated episodes have 2,000 jobs). */
    static final int MAX_JOBS = 2_000;
    /** Stages of one job: 11 times the largest TPC-H query's. */
    static final int MAX_STAGES_PER_JOB = 200;
    /** Active stages of all jobs together. */
    static final int MAX_STAGES = 5_000;
    /** Dependencies of all jobs together: four per stage at the stage limit (TPC-H has about one). */
    static final int MAX_EDGES = 20_000;
    /**
     * {@code depth × (stages + edges) + stages × (stages + jobs)}: 4.5 million for a loaded 200-job TPC-H cluster
     * (2,000 stages and edges, depth 18); 16 million keeps the adapted model's layout of one decision under 64 MB.
     */
    static final long MAX_WORK = 16_000_000L;

    private ObservationBudget() {
    }

    static StrictJson.BadJson tooManyJobs(int jobs) {
        return StrictJson.BadJson.overLimit("'jobs' holds " + jobs + " active jobs; this server decides for at most "
                + MAX_JOBS + " in one observation");
    }

    static StrictJson.BadJson tooManyStagesInJob(int stages) {
        return StrictJson.BadJson.overLimit("stages holds " + stages + " stages; this server takes at most "
                + MAX_STAGES_PER_JOB + " per job (a TPC-H query has at most 18)");
    }

    static StrictJson.BadJson tooManyStages(int stages) {
        return StrictJson.BadJson.overLimit("the jobs hold " + stages + " stages or more together; this server "
                + "decides for at most " + MAX_STAGES + " active stages in one observation");
    }

    static StrictJson.BadJson tooManyEdges(int edges) {
        return StrictJson.BadJson.overLimit("the jobs hold " + edges + " dependencies (parents) or more together; "
                + "this server takes at most " + MAX_EDGES + " in one observation");
    }

    /** The work of an observation; see the class comment. */
    static long work(int jobs, int stages, int edges, int depth) {
        return (long) depth * (stages + edges) + (long) stages * (stages + jobs);
    }

    /** Refuses an observation whose work is over {@link #MAX_WORK}, naming its terms. */
    static void checkWork(int jobs, int stages, int edges, int depth) throws StrictJson.BadJson {
        long work = work(jobs, stages, edges, depth);
        if (work > MAX_WORK) {
            throw StrictJson.BadJson.overLimit("the observation needs " + work + " units of scheduling work (DAG "
                    + "depth " + depth + " x (" + stages + " stages + " + edges + " dependencies) + " + stages
                    + " stages x (" + stages + " stages + " + jobs + " jobs)); this server decides at most "
                    + MAX_WORK + " per observation: send fewer active jobs or stages");
        }
    }
}
