package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.netllm.backbone.lora.LoraLinear;
import org.netllm.backbone.transformer.Architecture.Projection;

/**
 * The position-wise feed-forward layer: dense {@code down(act(up(x)))} or gated (SwiGLU)
 * {@code down(act(gate(x)) · up(x))}. Dimensions: {@code x (B, T, d)}, inner width F.
 */
public final class FeedForward extends AbstractBlock {

    private final Architecture.Activation activation;
    private final LoraLinear gate;
    private final LoraLinear up;
    private final LoraLinear down;

    FeedForward(Architecture arch, LoraPlan lora) {
        this.activation = arch.activation();
        int d = arch.hiddenSize();
        int f = arch.intermediateSize();
        boolean bias = arch.mlpBias();
        // Children in checkpoint order; the ordinals are persistence keys.
        this.gate = arch.mlp() == Architecture.Mlp.GATED
                ? addChildBlock(arch.nameOf(Projection.GATE), lora.linear(Projection.GATE, d, f, bias))
                : null;
        this.up = addChildBlock(arch.nameOf(Projection.UP), lora.linear(Projection.UP, d, f, bias));
        this.down = addChildBlock(arch.nameOf(Projection.DOWN), lora.linear(Projection.DOWN, f, d, bias));
    }

    /** The projections, by role, present in this layer. */
    public List<LoraLinear> projections() {
        List<LoraLinear> all = new ArrayList<>();
        if (gate != null) {
            all.add(gate);
        }
        all.add(up);
        all.add(down);
        return all;
    }

    LoraLinear gate() {
        return gate;
    }

    LoraLinear up() {
        return up;
    }

    LoraLinear down() {
        return down;
    }

    /** Applies the layer to {@code x (B, T, d)}. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray inner; // (B, T, F)
        if (gate != null) {
            inner = activate(gate.apply(ps, x, training)).mul(up.apply(ps, x, training));
        } else {
            inner = activate(up.apply(ps, x, training));
        }
        return down.apply(ps, inner, training);
    }

    private NDArray activate(NDArray x) {
        return switch (activation) {
            case GELU -> Activation.gelu(x);
            case GELU_TANH -> {
                // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), HF's NewGELUActivation.
                NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
                yield x.mul(0.5f).mul(inner.tanh().add(1f));
            }
            case RELU -> Activation.relu(x);
            case SILU -> x.mul(Activation.sigmoid(x));
        };
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
