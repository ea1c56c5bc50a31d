package org.netllm.backbone.inference;

import java.util.Arrays;

/**
 * {@link MatMul} in plain loops: four rows share each loaded weight row, and the innermost loop runs along
 * contiguous output columns so the JIT can vectorise it. The fallback without the Vector API.
 */
final class LoopMatMul implements MatMul {

    @Override
    public int columnBlock() {
        return 16;
    }

    @Override
    public void apply(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int from, int to) {
        for (int r = 0; r < rows; r++) {
            int o = r * out;
            if (bias == null) {
                Arrays.fill(y, o + from, o + to, 0f);
            } else {
                System.arraycopy(bias, from, y, o + from, to - from);
            }
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = r * out;
            int o1 = o0 + out;
            int o2 = o1 + out;
            int o3 = o2 + out;
            for (int k = 0; k < in; k++) {
                float a0 = x[r * in + k];
                float a1 = x[(r + 1) * in + k];
                float a2 = x[(r + 2) * in + k];
                float a3 = x[(r + 3) * in + k];
                int wk = k * out;
                for (int c = from; c < to; c++) {
                    float wv = w[wk + c];
                    y[o0 + c] += a0 * wv;
                    y[o1 + c] += a1 * wv;
                    y[o2 + c] += a2 * wv;
                    y[o3 + c] += a3 * wv;
                }
            }
        }
        for (; r < rows; r++) {
            int o = r * out;
            for (int k = 0; k < in; k++) {
                float a = x[r * in + k];
                int wk = k * out;
                for (int c = from; c < to; c++) {
                    y[o + c] += a * w[wk + c];
                }
            }
        }
    }
}
