package org.netllm.controller.cjs;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster job scheduler: given the cluster at a decision, which stage gets how many executors. A scheduler holds no
 * per-episode state: what an episode's decisions depend on travels as a {@link CjsMemory} that the caller keeps
 * ({@link #start}, {@link #remember}), so one instance serves episodes on several threads and live clusters.
 */
public interface CjsScheduler {

    /** The scheduler's name as the CLI and result files spell it. */
    String name();

    /**
     * Decides one step of an episode's first decision, or of a scheduler that remembers nothing.
     *
     * @param observation the cluster now (at least one schedulable stage, at least one committable executor)
     * @param draws       the uniform draws a stochastic scheduler consumes (the episode's stream, or rules in
     *                    deterministic mode)
     */
    CjsAction decide(CjsObservation observation, SchedulerDraws draws);

    /** Decides one step given the episode so far ({@code memory}, from {@link #start} and {@link #remember}). */
    default CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
        return decide(observation, draws);
    }

    /**
     * Decides each request (one per cluster, each with its own memory): the same actions as one {@link #decide} per
     * request, in their order. A learned scheduler answers them in fewer model passes.
     */
    default List<CjsAction> decideAll(List<CjsRequest> requests) {
        List<CjsAction> actions = new ArrayList<>(requests.size());
        for (CjsRequest r : requests) {
            actions.add(decide(r.observation(), r.draws(), r.memory()));
        }
        return actions;
    }

    /** The memory of a new episode. */
    default CjsMemory start() {
        return CjsMemory.NONE;
    }

    /**
     * The memory after the step {@code (observation, taken)} whatever decided it (this scheduler, or a live
     * cluster's fallback), with its reward (0 inside a round, else minus the job time in ms until the next decision).
     */
    default CjsMemory remember(CjsMemory memory, CjsObservation observation, CjsAction taken, double reward) {
        return memory;
    }
}
