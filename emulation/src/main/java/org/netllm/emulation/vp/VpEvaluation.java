package org.netllm.emulation.vp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.netllm.controller.vp.ViewportPredictor;

/** Every predictor on every sample; learned predictors get the samples in batches (one forward pass each). */
public final class VpEvaluation {

    /** Samples per {@link ViewportPredictor#predictAll} call. */
    public static final int BATCH = 64;

    private VpEvaluation() {
    }

    /** One predictor's scores on the samples, in sample order. */
    public static PredictorScore score(ViewportPredictor predictor, List<VpSample> samples, int pw,
                                       LongConsumer progress) {
        List<SampleScore> scores = new ArrayList<>(samples.size());
        for (int from = 0; from < samples.size(); from += BATCH) {
            List<VpSample> batch = samples.subList(from, Math.min(samples.size(), from + BATCH));
            List<double[][]> predictions = predictor.predictAll(batch.stream().map(VpSample::history).toList(), pw);
            for (int i = 0; i < batch.size(); i++) {
                scores.add(SampleScore.of(batch.get(i), predictions.get(i)));
            }
            progress.accept(from + batch.size());
        }
        return new PredictorScore(predictor.name(), scores);
    }

    /** One predictor's scores, without progress. */
    public static PredictorScore score(ViewportPredictor predictor, List<VpSample> samples, int pw) {
        return score(predictor, samples, pw, done -> { });
    }
}
