package org.netllm.backbone.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;

/**
 * A linear layer {@code y = x·Wᵀ + b} with an optional low-rank adapter: {@code y += (alpha/r) · dropout(x)·Aᵀ·Bᵀ}.
 *
 * <p>Dimensions: {@code W (out, in)} as in HF checkpoints, {@code A (r, in)}, {@code B (out, r)}. As PEFT does, A
 * starts Kaiming-uniform and B at zero, so an untrained adapter leaves the layer unchanged. Parameters:
 * {@code weight}, {@code bias} (optional), {@code lora_A}, {@code lora_B}. Not threadsafe while merging.
 */
public final class LoraLinear extends AbstractBlock {

    private final int in;
    private final int out;
    private final int rank;
    private final float scaling;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter loraA;
    private final Parameter loraB;
    private final Dropout dropout;
    private boolean merged;

    /**
     * @param in      input width
     * @param out     output width
     * @param hasBias whether the base layer has a bias
     * @param rank    LoRA rank r, or 0 for no adapter
     * @param alpha   LoRA alpha (scaling alpha / r)
     * @param dropout dropout on the adapter's input while training
     */
    public LoraLinear(int in, int out, boolean hasBias, int rank, float alpha, float dropout) {
        this.in = in;
        this.out = out;
        this.rank = rank;
        this.scaling = rank > 0 ? alpha / rank : 0f;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = hasBias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
        if (rank > 0) {
            this.loraA = addParameter(Parameter.builder().setName("lora_A").setType(Parameter.Type.WEIGHT).build());
            this.loraB = addParameter(Parameter.builder().setName("lora_B").setType(Parameter.Type.WEIGHT).build());
            this.dropout = addChildBlock("lora_dropout", Dropout.builder().optRate(dropout).build());
        } else {
            this.loraA = null;
            this.loraB = null;
            this.dropout = null;
        }
    }

    /** The base weight {@code (out, in)}. */
    public Parameter weight() {
        return weight;
    }

    /** The base bias {@code (out)}, or null. */
    public Parameter bias() {
        return bias;
    }

    /** Whether this layer carries an adapter. */
    public boolean hasAdapter() {
        return rank > 0;
    }

    /** The adapter's {@code A (r, in)}, or null without adapter. */
    public Parameter loraA() {
        return loraA;
    }

    /** The adapter's {@code B (out, r)}, or null without adapter. */
    public Parameter loraB() {
        return loraB;
    }

    /** The adapter's scaling alpha / r (0 without adapter). */
    public float scaling() {
        return scaling;
    }

    /** LoRA rank r (0 without adapter). */
    public int rank() {
        return rank;
    }

    /** Input width. */
    public int in() {
        return in;
    }

    /** Output width. */
    public int out() {
        return out;
    }

    /** Shape of the base weight. */
    public Shape weightShape() {
        return new Shape(out, in);
    }

    /** Shape of the base bias. */
    public Shape biasShape() {
        return new Shape(out);
    }

    /** Creates the adapter's arrays: A Kaiming-uniform (bound 1/√in, as PEFT's a=√5), B zero. */
    public void initAdapter(NDManager manager, Random random) {
        if (rank == 0) {
            return;
        }
        float bound = (float) (1 / Math.sqrt(in));
        float[] a = new float[rank * in];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        loraA.setArray(manager.create(a, new Shape(rank, in)));
        loraB.setArray(manager.zeros(new Shape(out, rank), DataType.FLOAT32));
    }

    /** Adds {@code scaling·B·A} into W; forward then skips the adapter. */
    public void merge() {
        if (rank == 0 || merged) {
            return;
        }
        applyDelta(1f);
        merged = true;
    }

    /** Subtracts {@code scaling·B·A} from W again. */
    public void unmerge() {
        if (rank == 0 || !merged) {
            return;
        }
        applyDelta(-1f);
        merged = false;
    }

    /** Whether the adapter is currently merged into W. */
    public boolean merged() {
        return merged;
    }

    private void applyDelta(float sign) {
        NDArray w = weight.getArray();
        boolean grad = w.hasGradient();
        // In-place updates of a leaf that records gradients are refused by the engine.
        if (grad) {
            w.setRequiresGradient(false);
        }
        try (NDManager scope = w.getManager().newSubManager()) {
            NDArray product = loraB.getArray().matMul(loraA.getArray());        // (out, in)
            product.attach(scope);
            NDArray delta = product.mul(sign * scaling);
            delta.attach(scope);
            w.addi(delta);
        }
        if (grad) {
            w.setRequiresGradient(true);
        }
    }

    /** Applies the layer to {@code x (..., in)} → {@code (..., out)}. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        var device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = bias == null ? null : ps.getValue(bias, device, training);
        NDArray y = b == null ? Linear.linear(x, w).head() : Linear.linear(x, w, b).head();
        if (rank == 0 || merged) {
            return y;
        }
        NDArray a = ps.getValue(loraA, device, training);
        NDArray bb = ps.getValue(loraB, device, training);
        NDArray dropped = dropout.forward(ps, new NDList(x), training).head();
        NDArray update = Linear.linear(Linear.linear(dropped, a).head(), bb).head(); // (..., out)
        return y.add(update.mul(scaling));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (dropout != null) {
            dropout.initialize(manager, dataType, inputShapes);
        }
    }
}
