package org.netllm.controller.vp;

/**
 * The no-motion baseline: every future orientation is the last one seen. Not one of NetLLM's baselines, but the
 * floor any predictor has to clear under this metric (viewers hold still much of the time). Pure; threadsafe.
 */
public record Static() implements ViewportPredictor {

    @Override
    public String name() {
        return "static";
    }

    @Override
    public double[][] predict(double[][] history, int pw) {
        double[][] out = new double[pw][];
        for (int k = 0; k < pw; k++) {
            out[k] = history[history.length - 1].clone();
        }
        return out;
    }
}
