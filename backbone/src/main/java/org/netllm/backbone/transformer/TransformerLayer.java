package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.netllm.backbone.KvCache;

/**
 * One transformer layer: self-attention and feed-forward, each with a residual connection and a norm, the norm
 * before the sublayer (pre-norm decoders) or after the residual sum (BERT's post-norm).
 */
public final class TransformerLayer extends AbstractBlock {

    private final Architecture.Layout layout;
    private final Normalization attentionNorm;
    private final SelfAttention attention;
    private final Normalization mlpNorm;
    private final FeedForward mlp;

    TransformerLayer(Architecture arch, LoraPlan lora) {
        this.layout = arch.layout();
        this.attentionNorm = addChildBlock("attn_norm", Normalization.of(arch));
        this.attention = addChildBlock("self_attn", new SelfAttention(arch, lora));
        this.mlpNorm = addChildBlock("mlp_norm", Normalization.of(arch));
        this.mlp = addChildBlock("mlp", new FeedForward(arch, lora));
    }

    /** The attention sublayer. */
    public SelfAttention attention() {
        return attention;
    }

    /** The feed-forward sublayer. */
    public FeedForward mlp() {
        return mlp;
    }

    /** Norm of the attention sublayer (before it in pre-norm, after its residual in post-norm). */
    public Normalization attentionNorm() {
        return attentionNorm;
    }

    /** Norm of the feed-forward sublayer. */
    public Normalization mlpNorm() {
        return mlpNorm;
    }

    /** Applies the layer to {@code x (B, T, d)}; see {@link SelfAttention#apply} for the other arguments. */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray maskBias, NDArray[] rotary, KvCache cache, int index,
                         boolean training) {
        if (layout == Architecture.Layout.PRE_NORM) {
            NDArray attended = attention.apply(ps, attentionNorm.apply(ps, x, training), maskBias, rotary, cache,
                    index, training);
            NDArray h = x.add(attended);                                         // (B, T, d)
            return h.add(mlp.apply(ps, mlpNorm.apply(ps, h, training), training));
        }
        NDArray attended = attention.apply(ps, x, maskBias, rotary, cache, index, training);
        NDArray h = attentionNorm.apply(ps, x.add(attended), training);         // (B, T, d)
        return mlpNorm.apply(ps, h.add(mlp.apply(ps, h, training)), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), null, null, 0, training));
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
