package org.netllm.backbone.inference;

/**
 * A linear layer's weights for the compiled forward: {@code W (in, out)} row-major (transposed from the checkpoint's
 * {@code (out, in)}, any LoRA update already added) and the bias {@code (out)} or null.
 */
record DenseWeights(int in, int out, float[] w, float[] bias) {

    /** From a checkpoint-layout weight {@code (out, in)}. */
    static DenseWeights fromOutIn(float[] outIn, int in, int out, float[] bias) {
        float[] t = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = outIn[o * in + i];
            }
        }
        return new DenseWeights(in, out, t, bias);
    }

    /** {@code y (rows, out) = x (rows, in)·W + bias}, the columns split over the threads of {@code split}. */
    void apply(MatMul kernel, WorkSplit split, float[] x, int rows, float[] y) {
        int block = kernel.columnBlock();
        int blocks = (out + block - 1) / block;
        int parts = Math.min(split.threads(), blocks);
        // Too little work to be worth a hand-off: one thread.
        if ((long) rows * in * out < 200_000) {
            parts = 1;
        }
        int perPart = (blocks + parts - 1) / parts;
        int count = parts;
        split.run(count, p -> {
            int from = Math.min(out, p * perPart * block);
            int to = Math.min(out, (p + 1) * perPart * block);
            if (from < to) {
                kernel.apply(x, rows, in, w, out, bias, y, from, to);
            }
        });
    }
}
