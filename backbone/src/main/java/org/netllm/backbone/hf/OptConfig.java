package org.netllm.backbone.hf;

import java.util.EnumMap;
import java.util.Map;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.Architecture.Projection;

/**
 * OPT's {@code config.json}: {@code hidden_size, num_hidden_layers, num_attention_heads, ffn_dim,
 * max_position_embeddings, vocab_size, do_layer_norm_before, word_embed_proj_dim, activation_function,
 * enable_bias}. OPT's learned positions start at row 2 (an offset kept from fairseq).
 */
record OptConfig(int hidden, int layers, int heads, int ffn, int maxPositions, int vocab, boolean layerNormBefore,
                 String activation, boolean bias) {

    static final int POSITION_OFFSET = 2;

    static OptConfig from(ConfigJson c) {
        int hidden = c.intValue("hidden_size");
        int projection = c.intValue("word_embed_proj_dim", hidden);
        if (projection != hidden) {
            throw new BackboneLoadException(c.file() + ": word_embed_proj_dim " + projection + " differs from hidden_size "
                    + hidden + " (OPT-350m's project_in/out is not supported)");
        }
        return new OptConfig(hidden, c.intValue("num_hidden_layers"), c.intValue("num_attention_heads"),
                c.intValue("ffn_dim"), c.intValue("max_position_embeddings"), c.intValue("vocab_size"),
                c.boolValue("do_layer_norm_before", true), c.text("activation_function", "relu"),
                c.boolValue("enable_bias", true));
    }

    Architecture architecture() {
        Map<Projection, String> names = new EnumMap<>(Projection.class);
        names.put(Projection.Q, "q_proj");
        names.put(Projection.K, "k_proj");
        names.put(Projection.V, "v_proj");
        names.put(Projection.O, "out_proj");
        names.put(Projection.UP, "fc1");
        names.put(Projection.DOWN, "fc2");
        return Architecture.builder("opt", hidden, layers, heads)
                .feedForward(Architecture.Mlp.DENSE, ffn, Gpt2Config.activation(activation))
                .vocabulary(vocab)
                .learnedPositions(maxPositions + POSITION_OFFSET, POSITION_OFFSET)
                .normalisation(layerNormBefore ? Architecture.Layout.PRE_NORM : Architecture.Layout.POST_NORM,
                        Architecture.Norm.LAYER_NORM, 1e-5f)
                .finalNorm(layerNormBefore)
                .biases(bias, bias, bias)
                .moduleNames(names)
                .build();
    }
}
