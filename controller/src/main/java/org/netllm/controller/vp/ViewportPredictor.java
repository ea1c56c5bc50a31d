package org.netllm.controller.vp;

import java.util.ArrayList;
import java.util.List;

/**
 * Predicts a viewer's next head orientations from the last ones (viewport prediction). Rows are
 * {@code [roll, pitch, yaw]} in degrees, oldest first, sampled at 5 Hz.
 */
public interface ViewportPredictor {

    /** The name results carry. */
    String name();

    /** The next {@code pw} orientations after {@code history}. */
    double[][] predict(double[][] history, int pw);

    /** Many independent predictions; learned predictors answer them in one forward pass. */
    default List<double[][]> predictAll(List<double[][]> histories, int pw) {
        List<double[][]> out = new ArrayList<>(histories.size());
        for (double[][] h : histories) {
            out.add(predict(h, pw));
        }
        return out;
    }
}
