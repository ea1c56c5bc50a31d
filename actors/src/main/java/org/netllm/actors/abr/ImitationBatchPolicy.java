package org.netllm.actors.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;

/**
 * An imitation model behind the batched interface: its decisions read only the observation (no context per
 * session), so a batch is one forward pass over the batch's states. Threadsafe (the model serialises its passes).
 */
final class ImitationBatchPolicy implements BatchAbrPolicy {

    private final NetllmImitationPolicy model;

    ImitationBatchPolicy(NetllmImitationPolicy model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return model.cannotServe(video);
    }

    @Override
    public int[] chooseLevels(List<SessionObservation> batch) {
        List<AbrObservation> observations = new ArrayList<>(batch.size());
        for (SessionObservation request : batch) {
            observations.add(request.observation());
        }
        return model.chooseLevels(observations);
    }
}
