package org.netllm.actors.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.gate.Gate;

/**
 * A batched model behind a gate (see {@link org.netllm.controller.abr.gate.GatedPolicy}): in each batch the rule
 * answers the observations its gate allows, the model the others in one pass; the rule's decisions reach the model's
 * sessions as observed steps. Threadsafe (one session never has two calls outstanding, so per-session state is only
 * shared through the concurrent map).
 */
final class GatedBatchPolicy implements BatchAbrPolicy {

    /** A session's rule controller and gate check. */
    private record Session(AbrController rule, Gate.Check check) {
    }

    private final BatchAbrPolicy model;
    private final AbrPolicy rule;
    private final Gate gate;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LongAdder byRule = new LongAdder();
    private final LongAdder byModel = new LongAdder();

    GatedBatchPolicy(BatchAbrPolicy model, AbrPolicy rule, Gate gate) {
        this.model = model;
        this.rule = rule;
        this.gate = gate;
    }

    @Override
    public String name() {
        return model.name() + "|" + rule.name() + "@" + gate.spec();
    }

    /** The model's limits are the gated policy's: the model still answers the decisions the gate does not allow. */
    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return model.cannotServe(video);
    }

    /** Decisions so far answered by the rule and by the model. */
    long[] counts() {
        return new long[] {byRule.sum(), byModel.sum()};
    }

    @Override
    public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
        int[] levels = new int[batch.size()];
        List<SessionObservation> asked = new ArrayList<>(batch.size());
        List<Integer> at = new ArrayList<>(batch.size());
        for (int i = 0; i < levels.length; i++) {
            SessionObservation request = batch.get(i);
            Session session = sessions.computeIfAbsent(request.sessionId(),
                    id -> new Session(rule.newSession(), gate.newCheck()));
            int ruleLevel = session.rule().chooseLevel(request.observation());
            if (session.check().ruleSuffices(request.observation(), ruleLevel)) {
                levels[i] = ruleLevel;
                model.observe(request);
                byRule.increment();
            } else {
                asked.add(request);
                at.add(i);
            }
        }
        if (!asked.isEmpty()) {
            int[] answers = model.chooseLevels(asked);
            for (int j = 0; j < answers.length; j++) {
                levels[at.get(j)] = answers[j];
            }
            byModel.add(answers.length);
        }
        return levels;
    }

    @Override
    public void forget(String sessionId) {
        sessions.remove(sessionId);
        model.forget(sessionId);
    }
}
