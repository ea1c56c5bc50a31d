package org.netllm.backbone.transformer;

import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * A float32 tensor read from a checkpoint, row-major, already in the layout its parameter uses.
 *
 * @param shape its shape
 * @param data  {@code shape.size()} values from the buffer's position
 */
public record Tensor(Shape shape, FloatBuffer data) {

    /** A tensor over a Java array. */
    public static Tensor of(float[] values, long... shape) {
        return new Tensor(new Shape(shape), FloatBuffer.wrap(values));
    }

    /** The transpose of a 2-D tensor (checkpoints that store {@code (in, out)} where we keep {@code (out, in)}). */
    public Tensor transposed() {
        if (shape.dimension() != 2) {
            throw new IllegalStateException("only 2-D tensors can be transposed, got " + shape);
        }
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(1));
        float[] out = new float[rows * cols];
        FloatBuffer in = data.duplicate();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in.get();
            }
        }
        return of(out, cols, rows);
    }

    /** Columns {@code [from, to)} of a 2-D tensor. */
    public Tensor columns(int from, int to) {
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(1));
        float[] out = new float[rows * (to - from)];
        FloatBuffer in = data.duplicate();
        int base = in.position();
        for (int r = 0; r < rows; r++) {
            in.position(base + r * cols + from);
            in.get(out, r * (to - from), to - from);
        }
        return of(out, rows, to - from);
    }

    /** Elements {@code [from, to)} of a 1-D tensor. */
    public Tensor range(int from, int to) {
        float[] out = new float[to - from];
        FloatBuffer in = data.duplicate();
        in.position(in.position() + from);
        in.get(out);
        return of(out, to - from);
    }
}
