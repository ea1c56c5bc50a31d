package org.netllm.backbone.inference;

/**
 * The one kernel the compiled forward spends its time in: {@code y = x·W + bias} for a block of rows, over a range
 * of output columns (so threads can split the columns).
 *
 * <p>Layout: {@code x (rows, in)}, {@code W (in, out)} row-major (the transpose of a checkpoint's {@code (out, in)},
 * so that a row of W is contiguous along the output columns), {@code y (rows, out)}.
 */
interface MatMul {

    /**
     * Writes {@code y[r][c] = bias[c] + Σ_k x[r][k]·W[k][c]} for r &lt; rows and {@code from ≤ c < to}.
     *
     * @param bias null for none
     */
    void apply(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int from, int to);

    /** Columns a thread's share should be a multiple of, so the fast path covers it. */
    int columnBlock();

    /**
     * The Vector API kernel where the JVM was started with {@code --add-modules jdk.incubator.vector}, plain loops
     * otherwise (same results to float rounding; only speed differs).
     */
    static MatMul best() {
        if (VectorSupport.available()) {
            return new VectorMatMul();
        }
        return new LoopMatMul();
    }
}
