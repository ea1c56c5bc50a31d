package org.netllm.backbone.inference;

import org.netllm.backbone.transformer.Architecture;

/** The feed-forward activations, in place on float arrays, as the training forward computes them. */
final class Activations {

    private Activations() {
    }

    static void apply(Architecture.Activation activation, float[] x, int from, int to) {
        switch (activation) {
            case GELU -> {
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    x[i] = (float) (0.5 * v * (1 + erf(v / Math.sqrt(2))));
                }
            }
            case GELU_TANH -> {
                double c = Math.sqrt(2 / Math.PI);
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    x[i] = (float) (0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))));
                }
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
            }
            case SILU -> {
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    x[i] = (float) (v / (1 + Math.exp(-v)));
                }
            }
        }
    }

    /** erf, fractional error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit of erfc). */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
