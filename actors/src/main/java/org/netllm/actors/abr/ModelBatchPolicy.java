package org.netllm.actors.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;

/**
 * The adapted NetLLM model behind the batched interface: each live session keeps its model context (steps so far,
 * return to go), and a batch is one forward pass. A restart of the policy actor makes a new instance over the same
 * loaded model, so sessions start a fresh context. Threadsafe (the model serialises its forward passes).
 */
final class ModelBatchPolicy implements BatchAbrPolicy {

    private final NetllmAbrPolicy model;
    private final Map<String, NetllmAbrPolicy.Session> sessions = new ConcurrentHashMap<>();

    ModelBatchPolicy(NetllmAbrPolicy model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int[] chooseLevels(List<SessionObservation> batch) {
        List<NetllmAbrPolicy.Session> contexts = new ArrayList<>(batch.size());
        List<AbrObservation> observations = new ArrayList<>(batch.size());
        for (SessionObservation request : batch) {
            contexts.add(sessions.computeIfAbsent(request.sessionId(), id -> model.newSession()));
            observations.add(request.observation());
        }
        return model.chooseLevels(contexts, observations);
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return model.cannotServe(video);
    }

    @Override
    public void observe(SessionObservation request) {
        sessions.computeIfAbsent(request.sessionId(), id -> model.newSession()).observe(request.observation());
    }

    @Override
    public void forget(String sessionId) {
        sessions.remove(sessionId);
    }
}
