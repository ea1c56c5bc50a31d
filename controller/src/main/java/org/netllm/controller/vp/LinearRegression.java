package org.netllm.controller.vp;

/**
 * The LR baseline: per angle an ordinary least-squares line (with intercept) over the history indices
 * {@code 0..hw−1}, evaluated at {@code hw..hw+pw−1}. (NetLLM refits after each predicted step, which gives this
 * same line.) Pure; threadsafe.
 */
public record LinearRegression(YawHandling yaw) implements ViewportPredictor {

    @Override
    public String name() {
        return yaw == YawHandling.RAW ? "lr" : "lr-unwrapped";
    }

    @Override
    public double[][] predict(double[][] history, int pw) {
        int hw = history.length;
        double[][] out = new double[pw][3];
        double meanX = (hw - 1) / 2.0;
        double sxx = 0;
        for (int i = 0; i < hw; i++) {
            sxx += (i - meanX) * (i - meanX);
        }
        for (int a = 0; a < 3; a++) {
            double[] y = yaw.series(history, a);
            double meanY = 0;
            for (double v : y) {
                meanY += v;
            }
            meanY /= hw;
            double sxy = 0;
            for (int i = 0; i < hw; i++) {
                sxy += (i - meanX) * (y[i] - meanY);
            }
            double slope = hw > 1 ? sxy / sxx : 0; // one sample: the line is flat
            double intercept = meanY - slope * meanX;
            for (int k = 0; k < pw; k++) {
                out[k][a] = yaw.answer(intercept + slope * (hw + k), a);
            }
        }
        return out;
    }
}
