package org.netllm.actors.cjs;

import java.util.ArrayList;
import java.util.List;
import org.netllm.actors.BatchDecider;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsRequest;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * A cluster job scheduler behind the policy actor: a batch of requests is one {@link CjsScheduler#decideAll}, which
 * the adapted model answers with one backbone pass over all the clusters' windows for the stages (classic schedulers
 * decide one request after another). Threadsafe: a scheduler keeps no per-episode state, each request carries its
 * cluster's memory and draws by rule D8 of its own decision index.
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
        List<CjsRequest> asked = new ArrayList<>(requests.size());
        for (SchedulingRequest request : requests) {
            asked.add(new CjsRequest(request.observation(),
                    SchedulerDraws.deterministic(request.observation().decision()), request.memory()));
        }
        return scheduler.decideAll(asked);
    }
}
