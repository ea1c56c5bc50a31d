package org.netllm.controller.vp;

/**
 * The Velocity baseline: per angle {@code v = (x[hw−1] − x[0]) / (hw − 1)}, prediction {@code x[hw−1] + k·v} for
 * k = 1..pw, each sample on its own history (NetLLM's code applies the first batch element's velocity to the
 * whole batch; this does not). Pure; threadsafe.
 */
public record Velocity(YawHandling yaw) implements ViewportPredictor {

    @Override
    public String name() {
        return yaw == YawHandling.RAW ? "velocity" : "velocity-unwrapped";
    }

    @Override
    public double[][] predict(double[][] history, int pw) {
        int hw = history.length;
        double[][] out = new double[pw][3];
        for (int a = 0; a < 3; a++) {
            double[] x = yaw.series(history, a);
            double v = hw > 1 ? (x[hw - 1] - x[0]) / (hw - 1) : 0;
            for (int k = 1; k <= pw; k++) {
                out[k - 1][a] = yaw.answer(x[hw - 1] + k * v, a);
            }
        }
        return out;
    }
}
