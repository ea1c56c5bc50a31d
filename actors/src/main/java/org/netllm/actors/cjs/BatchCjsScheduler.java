package org.netllm.actors.cjs;

import java.util.ArrayList;
import java.util.List;
import org.netllm.actors.BatchDecider;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * A cluster job scheduler behind the policy actor: each request of a batch is one {@code decide} (a learned
 * scheduler would answer the batch in one forward pass). Threadsafe: a scheduler keeps no per-episode state, each
 * request carries its cluster's memory.
 */
public final class BatchCjsScheduler implements BatchDecider<SchedulingRequest, CjsAction> {

    private final CjsScheduler scheduler;

    public BatchCjsScheduler(CjsScheduler scheduler) {
        this.scheduler = scheduler;
    }

    public String name() {
        return scheduler.name();
    }

    @Override
    public List<CjsAction> decideAll(List<SchedulingRequest> requests) {
        List<CjsAction> answers = new ArrayList<>(requests.size());
        for (SchedulingRequest request : requests) {
            answers.add(scheduler.decide(request.observation(),
                    SchedulerDraws.deterministic(request.observation().decision()), request.memory()));
        }
        return answers;
    }
}
