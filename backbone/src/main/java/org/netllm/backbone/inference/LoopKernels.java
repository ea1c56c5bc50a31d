package org.netllm.backbone.inference;

/**
 * {@link Kernels} in plain loops: four rows share each loaded weight row, the innermost loop runs along a panel's
 * contiguous columns so the JIT can vectorise it. The fallback without the Vector API.
 */
final class LoopKernels implements Kernels {

    @Override
    public void matMul(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int fromPanel,
                       int toPanel) {
        float[] acc = new float[4 * PANEL];
        for (int panel = fromPanel; panel < toPanel; panel++) {
            int c0 = panel * PANEL;
            int width = Math.min(PANEL, out - c0);
            int base = panel * in * PANEL;
            for (int r = 0; r < rows; r += 4) {
                int block = Math.min(4, rows - r);
                java.util.Arrays.fill(acc, 0f);
                for (int k = 0; k < in; k++) {
                    int wk = base + k * PANEL;
                    for (int b = 0; b < block; b++) {
                        float a = x[(r + b) * in + k];
                        int o = b * PANEL;
                        for (int j = 0; j < PANEL; j++) {
                            acc[o + j] += a * w[wk + j];
                        }
                    }
                }
                for (int b = 0; b < block; b++) {
                    int yo = (r + b) * out + c0;
                    for (int j = 0; j < width; j++) {
                        y[yo + j] = bias == null ? acc[b * PANEL + j] : acc[b * PANEL + j] + bias[c0 + j];
                    }
                }
            }
        }
    }

    @Override
    public int rowBlock() {
        return 1;
    }

    @Override
    public void gelu(float[] x, int from, int to) {
        Activations.apply(org.netllm.backbone.transformer.Architecture.Activation.GELU, x, from, to);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
