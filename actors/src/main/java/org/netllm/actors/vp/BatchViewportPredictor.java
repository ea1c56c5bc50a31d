package org.netllm.actors.vp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.actors.BatchDecider;
import org.netllm.controller.vp.ViewportPredictor;

/**
 * A viewport predictor behind the policy actor: a batch of viewers is one {@code predictAll} call per prediction
 * length (one forward pass for a learned predictor). Predictions need no per-viewer state. Threadsafe when the
 * predictor is.
 */
public final class BatchViewportPredictor implements BatchDecider<ViewportRequest, double[][]> {

    private final ViewportPredictor predictor;

    public BatchViewportPredictor(ViewportPredictor predictor) {
        this.predictor = predictor;
    }

    public String name() {
        return predictor.name();
    }

    @Override
    public List<double[][]> decideAll(List<ViewportRequest> requests) {
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byLength.computeIfAbsent(requests.get(i).pw(), k -> new ArrayList<>()).add(i);
        }
        double[][][] answers = new double[requests.size()][][];
        for (var group : byLength.entrySet()) {
            List<double[][]> histories = group.getValue().stream().map(i -> requests.get(i).history()).toList();
            List<double[][]> predicted = predictor.predictAll(histories, group.getKey());
            for (int k = 0; k < predicted.size(); k++) {
                answers[group.getValue().get(k)] = predicted.get(k);
            }
        }
        return List.of(answers);
    }
}
