package org.netllm.controller.cjs;

/**
 * One of Decima's three-layer perceptrons in double: {@code Linear(.0) → act → Linear(.2) → act → Linear(.4)},
 * weights {@code (out, in)} row-major, {@code Linear(x) = W·x + b}. Immutable; {@link #apply} allocates its result.
 *
 * @param activation the activation after the first and second layer
 */
public record Mlp(Activation activation, Layer first, Layer second, Layer third) {

    /** Decima's activations. */
    public enum Activation {
        /** {@code v > 0 ? v : 0.2·v} (the graph encoders). */
        LEAKY_RELU,
        /** tanh (the two policy heads). */
        TANH;

        double apply(double v) {
            return this == TANH ? Math.tanh(v) : v > 0 ? v : 0.2 * v;
        }
    }

    /**
     * One linear layer.
     *
     * @param weight {@code out × in} values, row-major
     * @param bias   {@code out} values
     */
    public record Layer(int out, int in, double[] weight, double[] bias) {

        public Layer {
            if (weight.length != out * in || bias.length != out) {
                throw new IllegalArgumentException("layer " + out + "×" + in + " needs " + out * in + " weights and "
                        + out + " biases, got " + weight.length + " and " + bias.length);
            }
        }

        void apply(double[] x, int offset, double[] y) {
            // Four rows at a time for instruction-level parallelism; each row still sums in index order, so the
            // result is bit-identical to the plain loop.
            int o = 0;
            for (; o + 3 < out; o += 4) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int r0 = o * in;
                int r1 = r0 + in;
                int r2 = r1 + in;
                int r3 = r2 + in;
                for (int i = 0; i < in; i++) {
                    double v = x[offset + i];
                    s0 += weight[r0 + i] * v;
                    s1 += weight[r1 + i] * v;
                    s2 += weight[r2 + i] * v;
                    s3 += weight[r3 + i] * v;
                }
                y[o] = s0 + bias[o];
                y[o + 1] = s1 + bias[o + 1];
                y[o + 2] = s2 + bias[o + 2];
                y[o + 3] = s3 + bias[o + 3];
            }
            for (; o < out; o++) {
                double s = 0;
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    s += weight[row + i] * x[offset + i];
                }
                y[o] = s + bias[o];
            }
        }
    }

    public Mlp {
        if (second.in() != first.out() || third.in() != second.out()) {
            throw new IllegalArgumentException("layers do not chain: " + first.in() + "→" + first.out() + ", "
                    + second.in() + "→" + second.out() + ", " + third.in() + "→" + third.out());
        }
    }

    public int inputs() {
        return first.in();
    }

    public int outputs() {
        return third.out();
    }

    /** The output for {@code x[offset .. offset + inputs())}. */
    public double[] apply(double[] x, int offset) {
        double[] a = new double[first.out()];
        first.apply(x, offset, a);
        for (int i = 0; i < a.length; i++) {
            a[i] = activation.apply(a[i]);
        }
        return applyAfterFirst(a);
    }

    /** The output given the first layer's activated output {@code a}. */
    double[] applyAfterFirst(double[] a) {
        double[] b = new double[second.out()];
        second.apply(a, 0, b);
        for (int i = 0; i < b.length; i++) {
            b[i] = activation.apply(b[i]);
        }
        double[] y = new double[third.out()];
        third.apply(b, 0, y);
        return y;
    }

    /** The output for all of {@code x}. */
    public double[] apply(double[] x) {
        if (x.length != inputs()) {
            throw new IllegalArgumentException("input has " + x.length + " values, the MLP takes " + inputs());
        }
        return apply(x, 0);
    }
}
