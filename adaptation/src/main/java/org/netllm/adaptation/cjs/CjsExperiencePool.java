package org.netllm.adaptation.cjs;

import java.util.List;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;

/**
 * Logged CJS experience: whole episodes of one scheduler each, every decision with the observation the scheduler
 * saw, its action, the step reward and who acted. Immutable. File format: {@link CjsPoolFile}.
 *
 * @param seed       the first episode seed (a training seed)
 * @param executors  N of every episode
 * @param jobs       jobs per episode
 * @param schedulers the behaviour policies' names, indexed by {@link Episode#scheduler()}
 * @param templates  the job DAGs the episodes use, indexed by {@link Job#template()}
 * @param episodes   in collection order
 */
public record CjsExperiencePool(long seed, int executors, int jobs, List<String> schedulers, List<Template> templates,
                                List<Episode> episodes) {

    public CjsExperiencePool {
        schedulers = List.copyOf(schedulers);
        templates = List.copyOf(templates);
        episodes = List.copyOf(episodes);
    }

    /**
     * A TPC-H DAG as the pool stores it: enough to rebuild the edges between active stages.
     *
     * @param query   1..22
     * @param size    2g … 100g
     * @param parents per stage, its parent stages
     */
    public record Template(int query, String size, int[][] parents) {
    }

    /**
     * One job of an episode.
     *
     * @param template  index into the pool's templates
     * @param arrivalMs its arrival
     */
    public record Job(int template, double arrivalMs) {
    }

    /**
     * One episode.
     *
     * @param seed      its seed
     * @param scheduler index into the pool's schedulers
     * @param jobs      its jobs in id order
     * @param steps     its decisions in order; the last one ends the episode
     * @param avgJctS   its average job completion time
     */
    public record Episode(long seed, int scheduler, List<Job> jobs, List<Step> steps, double avgJctS) {
    }

    /**
     * One decision.
     *
     * @param observation what the scheduler saw (with the edges between active stages)
     * @param action      its action (stage position, executor count)
     * @param explored    whether an ε-greedy scheduler's random branch acted
     * @param reward      the step's reward (0 inside a round, else minus the job time in ms)
     */
    public record Step(CjsObservation observation, CjsAction action, boolean explored, double reward) {
    }

    /** Decisions over all episodes. */
    public long stepCount() {
        return episodes.stream().mapToLong(e -> e.steps().size()).sum();
    }
}
