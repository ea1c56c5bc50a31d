package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.netllm.backbone.KvCache;
import org.netllm.backbone.lora.LoraLinear;
import org.netllm.backbone.transformer.Architecture.Projection;

/**
 * Multi-head (or grouped-query) scaled dot-product self-attention with q, k, v, o projections.
 *
 * <p>Dimensions: B batch, T new positions, S attended positions (cache + new), H query heads, H_kv key/value
 * heads, D_h head width. Grouped-query: kv head j serves query heads {@code j·H/H_kv … (j+1)·H/H_kv − 1}, as
 * HF's {@code repeat_kv}.
 */
public final class SelfAttention extends AbstractBlock {

    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final LoraLinear q;
    private final LoraLinear k;
    private final LoraLinear v;
    private final LoraLinear o;

    SelfAttention(Architecture arch, LoraPlan lora) {
        this.heads = arch.heads();
        this.kvHeads = arch.kvHeads();
        this.headDim = arch.headDim();
        int d = arch.hiddenSize();
        this.q = addChildBlock(arch.nameOf(Projection.Q), lora.linear(Projection.Q, d, heads * headDim, arch.qkvBias()));
        this.k = addChildBlock(arch.nameOf(Projection.K), lora.linear(Projection.K, d, kvHeads * headDim, arch.qkvBias()));
        this.v = addChildBlock(arch.nameOf(Projection.V), lora.linear(Projection.V, d, kvHeads * headDim, arch.qkvBias()));
        this.o = addChildBlock(arch.nameOf(Projection.O), lora.linear(Projection.O, heads * headDim, d, arch.outputBias()));
    }

    /** q, k, v, o. */
    public List<LoraLinear> projections() {
        return List.of(q, k, v, o);
    }

    LoraLinear q() {
        return q;
    }

    LoraLinear k() {
        return k;
    }

    LoraLinear v() {
        return v;
    }

    LoraLinear o() {
        return o;
    }

    /**
     * Attends {@code x (B, T, d)} under {@code maskBias (B, 1, T, S)} (0 allowed, very negative masked).
     *
     * @param rotary {cos, sin} tables {@code (T, D_h)} or null without rotary
     * @param cache  the cache to read and extend, or null
     * @param layer  this layer's index in the cache
     */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray maskBias, NDArray[] rotary, KvCache cache, int layer,
                         boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray query = heads(q.apply(ps, x, training), b, t, heads);       // (B, H, T, D_h)
        NDArray key = heads(k.apply(ps, x, training), b, t, kvHeads);       // (B, H_kv, T, D_h)
        NDArray value = heads(v.apply(ps, x, training), b, t, kvHeads);     // (B, H_kv, T, D_h)
        if (rotary != null) {
            query = RotaryEmbedding.apply(query, rotary[0], rotary[1]);
            key = RotaryEmbedding.apply(key, rotary[0], rotary[1]);
        }
        if (cache != null) {
            if (cache.keys(layer) != null) {
                key = NDArrays.concat(new NDList(cache.keys(layer), key), 2);      // (B, H_kv, S, D_h)
                value = NDArrays.concat(new NDList(cache.values(layer), value), 2);
            }
            cache.update(layer, key, value);
        }
        // Results of ops on cached arrays would join the cache's manager and outlive this step: move them here.
        NDManager step = x.getManager();
        if (kvHeads < heads) {
            key = key.repeat(1, heads / kvHeads);                               // (B, H, S, D_h)
            value = value.repeat(1, heads / kvHeads);
            key.attach(step);
            value.attach(step);
        }
        NDArray keyT = key.transpose(0, 1, 3, 2);                              // (B, H, D_h, S)
        keyT.attach(step);
        NDArray scores = query.matMul(keyT)
                .div((float) Math.sqrt(headDim)).add(maskBias);                 // (B, H, T, S)
        NDArray context = scores.softmax(-1).matMul(value);                    // (B, H, T, D_h)
        NDArray merged = context.transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headDim);
        return o.apply(ps, merged, training);                                   // (B, T, d)
    }

    private NDArray heads(NDArray projected, long b, long t, int count) {
        return projected.reshape(b, t, count, headDim).transpose(0, 2, 1, 3);
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
