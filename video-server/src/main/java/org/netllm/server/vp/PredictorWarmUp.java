package org.netllm.server.vp;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.vp.ViewportPredictor;

/**
 * Runs a learned viewport predictor once at every batch size a live server can give it, before viewers arrive.
 * PyTorch's first pass at each input shape is many times slower than later ones; without this, a model misses its
 * 150 ms deadline on most of the first live predictions (measured: 7 % answered by the model at 20 viewers cold).
 */
public final class PredictorWarmUp {

    private PredictorWarmUp() {
    }

    /** Predicts for batches of 1..{@code maxBatch} still viewers with {@code hw} samples of history. */
    public static void run(ViewportPredictor predictor, int hw, int pw, int maxBatch) {
        for (int size = 1; size <= maxBatch; size++) {
            List<double[][]> histories = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                double[][] history = new double[hw][3];
                for (int k = 0; k < hw; k++) {
                    history[k][2] = 10.0 * i + k;
                }
                histories.add(history);
            }
            predictor.predictAll(histories, pw);
        }
    }
}
