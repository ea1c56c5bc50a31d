package org.netllm.actors.abr;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrPolicy;

/** A classic {@link AbrPolicy} behind the batched interface: a loop over per-session controllers. Threadsafe. */
final class PerSessionBatchPolicy implements BatchAbrPolicy {

    private final AbrPolicy policy;
    // Each session's controller is used by one call at a time (a session waits for its answer), so a
    // concurrent map is all the sharing needs.
    private final Map<String, AbrController> controllers = new ConcurrentHashMap<>();

    PerSessionBatchPolicy(AbrPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return policy.name();
    }

    @Override
    public int[] chooseLevels(List<SessionObservation> batch) {
        int[] levels = new int[batch.size()];
        for (int i = 0; i < levels.length; i++) {
            SessionObservation request = batch.get(i);
            AbrController controller = controllers.computeIfAbsent(request.sessionId(), id -> policy.newSession());
            levels[i] = controller.chooseLevel(request.observation());
        }
        return levels;
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return policy.cannotServe(video);
    }

    @Override
    public void forget(String sessionId) {
        controllers.remove(sessionId);
    }
}
