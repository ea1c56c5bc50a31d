package org.netllm.backbone.inference;

/**
 * A small linear layer {@code y = x·Wᵀ + b} on the compiled forward's kernels, for the pieces around the backbone
 * (feature encoders, projections, heads) at inference. Immutable; this class is threadsafe.
 */
public final class CompiledLinear {

    private final DenseWeights weights;
    private final Kernels kernels;

    private CompiledLinear(DenseWeights weights, Kernels kernels) {
        this.weights = weights;
        this.kernels = kernels;
    }

    /**
     * @param outIn the weight in checkpoint (and DJL) layout {@code (out, in)}
     * @param bias  {@code (out)}, or null
     */
    public static CompiledLinear of(float[] outIn, int in, int out, float[] bias) {
        if (outIn.length != in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("weight of " + outIn.length + " values for (" + out + ", " + in
                    + ") or bias of " + (bias == null ? 0 : bias.length) + " for " + out);
        }
        return new CompiledLinear(DenseWeights.fromOutIn(outIn, in, out, bias), Kernels.best());
    }

    public int in() {
        return weights.in();
    }

    public int out() {
        return weights.out();
    }

    /** {@code y (rows, out) = x (rows, in)·Wᵀ + b} on the caller's thread. */
    public void apply(float[] x, int rows, float[] y) {
        weights.apply(kernels, WorkSplit.CALLER, x, rows, y);
    }
}
