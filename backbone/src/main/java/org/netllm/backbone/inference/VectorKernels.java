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

    /**
     * Runs every kernel many times on tiny inputs, so the JIT compiles each whole before real work arrives. Otherwise
     * the first long product compiles its loop on stack, with its accumulators boxed, and later calls enter that
     * version through the profiling tier: measured 10–20× slower than the whole-method compile, for good. Not from
     * a static initialiser: code compiled while the class initialises cannot treat the species as a constant, and
     * the Vector API's intrinsics then fail.
     */
    static void warmUp() {
        int in = 4;
        int rows = 8;
        float[] x = new float[rows * in];
        float[] w = new float[in * PANEL];
        float[] bias = new float[PANEL];
        float[] y = new float[rows * PANEL];
        VectorKernels kernels = new VectorKernels();
        for (int i = 0; i < 30_000; i++) {
            kernels.matMul(x, rows, in, w, PANEL, (i & 1) == 0 ? null : bias, y, 0, 1);
            kernels.dot(w, 0, w, PANEL, PANEL);
            kernels.axpy(1f, w, 0, y, 0, PANEL);
            kernels.gelu(y, 0, PANEL);
        }
    }

    /**
     * Rows in blocks of 4 only, so that one method is hot and compiled whole: callers pad {@code x} and {@code y} to a
     * multiple of 4 rows (see {@link #rowBlock}).
     */
    @Override
    public void matMul(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int fromPanel,
                       int toPanel) {
        if (rows % 4 != 0 || x.length < rows * in || y.length < rows * out) {
            throw new IllegalArgumentException("rows must come in blocks of 4, got " + rows);
        }
        for (int panel = fromPanel; panel < toPanel; panel++) {
            int c0 = panel * PANEL;
            if (out - c0 < PANEL || SUBS < 1) {
                scalarPanel(x, rows, in, w, out, bias, y, panel);
                continue;
            }
            for (int sub = 0; sub < SUBS; sub++) {
                for (int r = 0; r < rows; r += 4) {
                    block4(x, r, in, w, out, bias, y, panel, sub * 4 * L);
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
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(S, bias, c);
            FloatVector b1 = FloatVector.fromArray(S, bias, c + L);
            FloatVector b2 = FloatVector.fromArray(S, bias, c + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bias, c + 3 * L);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c02 = c02.add(b2);
            c03 = c03.add(b3);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c12 = c12.add(b2);
            c13 = c13.add(b3);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c22 = c22.add(b2);
            c23 = c23.add(b3);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
            c32 = c32.add(b2);
            c33 = c33.add(b3);
        }
        int o = r * out + c;
        c00.intoArray(y, o);
        c01.intoArray(y, o + L);
        c02.intoArray(y, o + 2 * L);
        c03.intoArray(y, o + 3 * L);
        o += out;
        c10.intoArray(y, o);
        c11.intoArray(y, o + L);
        c12.intoArray(y, o + 2 * L);
        c13.intoArray(y, o + 3 * L);
        o += out;
        c20.intoArray(y, o);
        c21.intoArray(y, o + L);
        c22.intoArray(y, o + 2 * L);
        c23.intoArray(y, o + 3 * L);
        o += out;
        c30.intoArray(y, o);
        c31.intoArray(y, o + L);
        c32.intoArray(y, o + 2 * L);
        c33.intoArray(y, o + 3 * L);
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
    public int rowBlock() {
        return 4;
    }

    /**
     * GELU with erf from Abramowitz and Stegun 7.1.28, {@code erf(z) ≈ 1 − (1 + a1·z + … + a6·z⁶)^−16} for z ≥ 0
     * (absolute error below 3e-7), which needs no exponential and so vectorises; odd symmetry for z &lt; 0.
     */
    @Override
    public void gelu(float[] x, int from, int to) {
        FloatVector half = FloatVector.broadcast(S, 0.5f);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        FloatVector a1 = FloatVector.broadcast(S, A1);
        FloatVector a2 = FloatVector.broadcast(S, A2);
        FloatVector a3 = FloatVector.broadcast(S, A3);
        FloatVector a4 = FloatVector.broadcast(S, A4);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector z = v.abs().mul(INVERSE_SQRT2);
            FloatVector p = z.fma(A6, A5).fma(z, a4).fma(z, a3).fma(z, a2).fma(z, a1).fma(z, one);
            FloatVector p2 = p.mul(p);
            FloatVector p4 = p2.mul(p2);
            FloatVector p8 = p4.mul(p4);
            FloatVector tail = one.div(p8.mul(p8));                         // 1 − erf(|x|/√2)
            // x ≥ 0: 0.5·x·(2 − tail); x < 0: 0.5·x·tail
            FloatVector factor = two.sub(tail).blend(tail, v.compare(VectorOperators.LT, 0f));
            v.mul(half).mul(factor).intoArray(x, i);
        }
        for (; i < to; i++) {
            x[i] = geluScalar(x[i]);
        }
    }

    private static final float INVERSE_SQRT2 = (float) (1 / Math.sqrt(2));
    private static final float A1 = 0.0705230784f;
    private static final float A2 = 0.0422820123f;
    private static final float A3 = 0.0092705272f;
    private static final float A4 = 0.0001520143f;
    private static final float A5 = 0.0002765672f;
    private static final float A6 = 0.0000430638f;

    private static float geluScalar(float v) {
        float z = Math.abs(v) * INVERSE_SQRT2;
        float p = 1 + z * (A1 + z * (A2 + z * (A3 + z * (A4 + z * (A5 + z * A6)))));
        float p2 = p * p;
        float p4 = p2 * p2;
        float p8 = p4 * p4;
        float tail = 1 / (p8 * p8);
        return 0.5f * v * (v < 0 ? tail : 2 - tail);
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
