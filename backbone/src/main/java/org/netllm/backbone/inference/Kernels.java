package org.netllm.backbone.inference;

/**
 * The loops the compiled forward spends its time in: a matrix product over packed weights, and the dot products and
 * scaled additions of attention.
 *
 * <p>Packed weights: {@code W (in, out)} cut into panels of {@link #PANEL} output columns, each panel stored as
 * {@code in} rows of {@link #PANEL} contiguous floats (zero-padded past {@code out}), so the product streams each
 * panel front to back while a block of input rows and the panel's accumulators stay in registers.
 */
interface Kernels {

    /** Output columns per packed panel. */
    int PANEL = 64;

    /**
     * Writes {@code y[r][c] = bias[c] + Σ_k x[r][k]·W[k][c]} for r &lt; rows and the columns of panels
     * {@code fromPanel ≤ p < toPanel}; rows must be a multiple of {@link #rowBlock()}.
     *
     * @param packed W packed as described above
     * @param bias   null for none
     */
    void matMul(float[] x, int rows, int in, float[] packed, int out, float[] bias, float[] y, int fromPanel,
                int toPanel);

    /** {@link #matMul} takes rows in multiples of this; callers pad {@code x} and {@code y} with zero rows. */
    int rowBlock();

    /** Exact (erf) GELU in place on {@code x[from…to)}, to within 1e-6 of {@code 0.5·x·(1 + erf(x/√2))}·(1 + |x|). */
    void gelu(float[] x, int from, int to);

    /** {@code Σ_i a[ao+i]·b[bo+i]} over n values. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /** {@code y[yo+i] += alpha·x[xo+i]} over n values. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * The Vector API kernels where the JVM was started with {@code --add-modules jdk.incubator.vector}, plain loops
     * otherwise (the same results to float rounding; only speed differs).
     */
    static Kernels best() {
        if (VectorSupport.available()) {
            VectorKernels.warmUp();
            return new VectorKernels();
        }
        return new LoopKernels();
    }

    /** Packs a checkpoint-layout weight {@code (out, in)} as {@link #matMul} reads it. */
    static float[] pack(float[] outIn, int in, int out) {
        int panels = (out + PANEL - 1) / PANEL;
        float[] packed = new float[panels * in * PANEL];
        for (int o = 0; o < out; o++) {
            int panel = o / PANEL;
            int column = o % PANEL;
            for (int i = 0; i < in; i++) {
                packed[(panel * in + i) * PANEL + column] = outIn[o * in + i];
            }
        }
        return packed;
    }
}
