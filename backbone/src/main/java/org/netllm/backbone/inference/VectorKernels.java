package org.netllm.backbone.inference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API (as llama3.java does). The product keeps a block of 4 rows × 4 vectors of a
 * panel's columns in registers over the whole input width: per input column, 4 weight vectors loaded once for 4
 * rows and each input value broadcast once for 4 vectors, 16 FMAs. A panel narrower than 4 vectors' worth of valid
 * columns (the last, where {@code out} is not a multiple of {@link #PANEL}) goes through scalar loops.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Sub-panels of 4 vectors in a panel. */
    private static final int SUBS = PANEL / (4 * L);

    @Override
    public void matMul(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int fromPanel,
                       int toPanel) {
        for (int panel = fromPanel; panel < toPanel; panel++) {
            int c0 = panel * PANEL;
            if (out - c0 < PANEL || SUBS < 1) {
                scalarPanel(x, rows, in, w, out, bias, y, panel);
                continue;
            }
            for (int sub = 0; sub < SUBS; sub++) {
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    block4(x, r, in, w, out, bias, y, panel, sub * 4 * L);
                }
                for (; r < rows; r++) {
                    block1(x, r, in, w, out, bias, y, panel, sub * 4 * L);
                }
            }
        }
    }

    private static void block4(float[] x, int r, int in, float[] w, int out, float[] bias, float[] y, int panel,
                               int offset) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S);
        int x0 = r * in;
        int x1 = x0 + in;
        int x2 = x1 + in;
        int x3 = x2 + in;
        for (int k = 0, wk = panel * in * PANEL + offset; k < in; k++, wk += PANEL) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wk + 3 * L);
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c00 = w0.fma(a, c00);
            c01 = w1.fma(a, c01);
            c02 = w2.fma(a, c02);
            c03 = w3.fma(a, c03);
            a = FloatVector.broadcast(S, x[x1 + k]);
            c10 = w0.fma(a, c10);
            c11 = w1.fma(a, c11);
            c12 = w2.fma(a, c12);
            c13 = w3.fma(a, c13);
            a = FloatVector.broadcast(S, x[x2 + k]);
            c20 = w0.fma(a, c20);
            c21 = w1.fma(a, c21);
            c22 = w2.fma(a, c22);
            c23 = w3.fma(a, c23);
            a = FloatVector.broadcast(S, x[x3 + k]);
            c30 = w0.fma(a, c30);
            c31 = w1.fma(a, c31);
            c32 = w2.fma(a, c32);
            c33 = w3.fma(a, c33);
        }
        int c = panel * PANEL + offset;
        store(c00, c01, c02, c03, bias, y, r * out + c, c);
        store(c10, c11, c12, c13, bias, y, (r + 1) * out + c, c);
        store(c20, c21, c22, c23, bias, y, (r + 2) * out + c, c);
        store(c30, c31, c32, c33, bias, y, (r + 3) * out + c, c);
    }

    private static void block1(float[] x, int r, int in, float[] w, int out, float[] bias, float[] y, int panel,
                               int offset) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        int x0 = r * in;
        for (int k = 0, wk = panel * in * PANEL + offset; k < in; k++, wk += PANEL) {
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c0 = FloatVector.fromArray(S, w, wk).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(a, c1);
            c2 = FloatVector.fromArray(S, w, wk + 2 * L).fma(a, c2);
            c3 = FloatVector.fromArray(S, w, wk + 3 * L).fma(a, c3);
        }
        int c = panel * PANEL + offset;
        store(c0, c1, c2, c3, bias, y, r * out + c, c);
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] bias,
                              float[] y, int at, int c) {
        if (bias != null) {
            v0 = v0.add(FloatVector.fromArray(S, bias, c));
            v1 = v1.add(FloatVector.fromArray(S, bias, c + L));
            v2 = v2.add(FloatVector.fromArray(S, bias, c + 2 * L));
            v3 = v3.add(FloatVector.fromArray(S, bias, c + 3 * L));
        }
        v0.intoArray(y, at);
        v1.intoArray(y, at + L);
        v2.intoArray(y, at + 2 * L);
        v3.intoArray(y, at + 3 * L);
    }

    private static void scalarPanel(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y,
                                    int panel) {
        int c0 = panel * PANEL;
        int width = Math.min(PANEL, out - c0);
        int base = panel * in * PANEL;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                float sum = 0f;
                for (int k = 0; k < in; k++) {
                    sum += x[r * in + k] * w[base + k * PANEL + j];
                }
                y[r * out + c0 + j] = bias == null ? sum : sum + bias[c0 + j];
            }
        }
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            sum = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), sum);
        }
        float total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            total += a[ao + i] * b[bo + i];
        }
        return total;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
