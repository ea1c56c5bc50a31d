package org.netllm.actors.vp;

import java.util.List;

/**
 * An immutable snapshot of one live viewer session, published after every change for the API and the dashboard.
 *
 * @param samples      the latest samples kept (at most the settings' maxSamples)
 * @param predictions  the latest predictions kept (the same bound)
 * @param liveMae      pooled MAE over every prediction whose future arrived (NaN before the first)
 * @param anchorMae    pooled MAE over NetLLM's anchors scored so far: for a whole trace, {@code vp eval}'s MAE
 * @param timeline     the viewer after its predictions, oldest first, thinned evenly to a bounded number
 */
public record ViewerView(String id, String predictor, int hw, int pw, long startedAtEpochMs, int sampleCount,
                         List<OrientationSample> samples, List<ViewportPrediction> predictions, double liveMae,
                         double anchorMae, int scoredAnchors, long fallbacks, long lateAnswersDropped,
                         List<ViewerMoment> timeline) {

    public ViewerView {
        samples = List.copyOf(samples);
        predictions = List.copyOf(predictions);
        timeline = List.copyOf(timeline);
    }
}
