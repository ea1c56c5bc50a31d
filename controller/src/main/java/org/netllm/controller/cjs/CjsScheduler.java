package org.netllm.controller.cjs;

/**
 * A cluster job scheduler: given the cluster at a decision, which stage gets how many executors. Implementations
 * hold no per-episode state unless they say so, so one instance may serve episodes on several threads.
 */
public interface CjsScheduler {

    /** The scheduler's name as the CLI and result files spell it. */
    String name();

    /**
     * Decides one step.
     *
     * @param observation the cluster now (at least one schedulable stage, at least one committable executor)
     * @param draws       the uniform draws a stochastic scheduler consumes (the episode's stream, or rules in
     *                    deterministic mode)
     */
    CjsAction decide(CjsObservation observation, SchedulerDraws draws);

    /**
     * The reward of the decision just taken on this thread (0 inside a round, else minus the job time in ms), for a
     * scheduler that conditions on returns; the others ignore it.
     */
    default void rewarded(double reward) {
    }
}
