package org.netllm.emulation.cjs;

import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * A scheduler that decides by simulating the episode ahead: {@link CjsEpisode#play} hands it the episode in progress
 * with each decision. It needs the simulator's state, so it runs offline only; a live cluster cannot use it, and its
 * plain {@link #decide(CjsObservation, SchedulerDraws)} refuses.
 */
public interface PlanningScheduler extends org.netllm.controller.cjs.CjsScheduler {

    /**
     * Decides the decision due in {@code run} (whose observation is {@code observation}); must leave {@code run} as it
     * found it (plan on copies).
     */
    CjsAction plan(CjsEpisode.Run run, CjsObservation observation, SchedulerDraws draws, CjsMemory memory);

    @Override
    default CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
        throw new UnsupportedOperationException(name() + " plans in the simulator and needs the episode in progress;"
                + " play it with CjsEpisode.play (cjs eval), not on a live cluster");
    }
}
