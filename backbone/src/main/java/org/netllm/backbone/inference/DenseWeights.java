package org.netllm.backbone.inference;

/**
 * A linear layer's weights for the compiled forward: {@code W (in, out)} packed in panels as {@link Kernels#matMul}
 * reads it (any LoRA update already added) and the bias {@code (out)} or null.
 */
record DenseWeights(int in, int out, float[] packed, float[] bias) {

    /** From a checkpoint-layout weight {@code (out, in)}. */
    static DenseWeights fromOutIn(float[] outIn, int in, int out, float[] bias) {
        return new DenseWeights(in, out, Kernels.pack(outIn, in, out), bias);
    }

    /** {@code y (rows, out) = x (rows, in)·W + bias}, the panels split over the threads of {@code split}. */
    void apply(Kernels kernels, WorkSplit split, float[] x, int rows, float[] y) {
        int block = kernels.rowBlock();
        int padded = (rows + block - 1) / block * block;
        if (padded != rows) {
            float[] xPadded = new float[padded * in];
            System.arraycopy(x, 0, xPadded, 0, rows * in);
            float[] yPadded = new float[padded * out];
            product(kernels, split, xPadded, padded, yPadded);
            System.arraycopy(yPadded, 0, y, 0, rows * out);
        } else {
            product(kernels, split, x, rows, y);
        }
    }

    private void product(Kernels kernels, WorkSplit split, float[] x, int rows, float[] y) {
        int panels = (out + Kernels.PANEL - 1) / Kernels.PANEL;
        int parts = Math.min(split.threads(), panels);
        // Too little work to be worth a hand-off: one thread.
        if ((long) rows * in * out < 100_000) {
            parts = 1;
        }
        int perPart = (panels + parts - 1) / parts;
        split.run(parts, p -> {
            int from = Math.min(panels, p * perPart);
            int to = Math.min(panels, (p + 1) * perPart);
            if (from < to) {
                kernels.matMul(x, rows, in, packed, out, bias, y, from, to);
            }
        });
    }
}
