package org.netllm.backbone;

import ai.djl.nn.Block;

/**
 * A pretrained (or randomly initialised) transformer used as NetLLM's frozen backbone.
 *
 * <p>As a DJL {@link Block}: input {@code NDList(embeddings (B, T, d), attentionMask (B, T))} where the mask
 * holds 1 for real positions and 0 for padding (it may be omitted: all ones); output
 * {@code NDList(hidden (B, T, d))}, the states after the final norm. Causal unless the spec says otherwise.
 */
public interface Backbone extends Block {

    /** Architecture facts: family, width d, depth, heads, whether attention is causal. */
    BackboneSpec spec();
}
