package org.netllm.backbone.inference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatMul} with the Vector API (as llama3.java does): blocks of 4 rows × 2 vectors of columns accumulate in
 * registers over the whole input width, each weight vector loaded once per 4 rows and each input value broadcast
 * once per 2 vectors. Tails (fewer rows, columns past the last whole vector) fall back to scalar loops.
 */
final class VectorMatMul implements MatMul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int columnBlock() {
        return 2 * L;
    }

    @Override
    public void apply(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int from, int to) {
        int c = from;
        for (; c + 2 * L <= to; c += 2 * L) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                block4x2(x, r, in, w, out, bias, y, c);
            }
            for (; r < rows; r++) {
                block1x2(x, r, in, w, out, bias, y, c);
            }
        }
        if (c < to) {
            for (int r = 0; r < rows; r++) {
                for (int j = c; j < to; j++) {
                    float sum = 0f;
                    for (int k = 0; k < in; k++) {
                        sum += x[r * in + k] * w[k * out + j];
                    }
                    y[r * out + j] = bias == null ? sum : sum + bias[j];
                }
            }
        }
    }

    private static void block4x2(float[] x, int r, int in, float[] w, int out, float[] bias, float[] y, int c) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int x0 = r * in;
        int x1 = x0 + in;
        int x2 = x1 + in;
        int x3 = x2 + in;
        for (int k = 0, wk = c; k < in; k++, wk += out) {
            FloatVector w0 = FloatVector.fromArray(S, w, wk);
            FloatVector w1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector a0 = FloatVector.broadcast(S, x[x0 + k]);
            c00 = w0.fma(a0, c00);
            c01 = w1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, x[x1 + k]);
            c10 = w0.fma(a1, c10);
            c11 = w1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, x[x2 + k]);
            c20 = w0.fma(a2, c20);
            c21 = w1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, x[x3 + k]);
            c30 = w0.fma(a3, c30);
            c31 = w1.fma(a3, c31);
        }
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(S, bias, c);
            FloatVector b1 = FloatVector.fromArray(S, bias, c + L);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
        }
        int o = r * out + c;
        c00.intoArray(y, o);
        c01.intoArray(y, o + L);
        c10.intoArray(y, o + out);
        c11.intoArray(y, o + out + L);
        c20.intoArray(y, o + 2 * out);
        c21.intoArray(y, o + 2 * out + L);
        c30.intoArray(y, o + 3 * out);
        c31.intoArray(y, o + 3 * out + L);
    }

    private static void block1x2(float[] x, int r, int in, float[] w, int out, float[] bias, float[] y, int c) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        int x0 = r * in;
        for (int k = 0, wk = c; k < in; k++, wk += out) {
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c0 = FloatVector.fromArray(S, w, wk).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(a, c1);
        }
        if (bias != null) {
            c0 = c0.add(FloatVector.fromArray(S, bias, c));
            c1 = c1.add(FloatVector.fromArray(S, bias, c + L));
        }
        int o = r * out + c;
        c0.intoArray(y, o);
        c1.intoArray(y, o + L);
    }
}
