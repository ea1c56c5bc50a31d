package org.netllm.backbone.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.safetensors.SafetensorsFile;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.transformer.Tensor;

/** Tiny HF checkpoints written here load and compute what HF's modeling code computes (a loop-by-loop reference). */
class HfCheckpointTest {

    private static final int D = 16;
    private static final int FFN = 24;
    private static final int VOCAB = 20;
    private static final int LAYERS = 2;
    private static final int[] IDS = {3, 17, 0, 9, 9, 12, 5};

    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** Random tensors rounded to bfloat16 precision, so every dtype stores them exactly. */
    private static final class Weights {
        final Map<String, float[]> values = new LinkedHashMap<>();
        final Map<String, long[]> shapes = new LinkedHashMap<>();
        final SafetensorsWriter writer = new SafetensorsWriter();
        final Random random = new Random(7);

        void put(String name, float scale, float offset, long... shape) {
            int n = 1;
            for (long s : shape) {
                n *= (int) s;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                float x = offset + scale * (float) (random.nextDouble() * 2 - 1);
                v[i] = Float.intBitsToFloat(Float.floatToIntBits(x) & 0xffff0000);
            }
            values.put(name, v);
            shapes.put(name, shape);
            writer.put(name, v, shape);
        }

        void matrix(String name, long... shape) {
            put(name, 0.4f, 0f, shape);
        }

        void norm(String name, boolean bias) {
            put(name + ".weight", 0.2f, 1f, D);
            if (bias) {
                put(name + ".bias", 0.1f, 0f, D);
            }
        }
    }

    private float[][] forward(Backbone backbone) {
        try (NDManager scope = manager.newSubManager()) {
            long[][] ids = {java.util.Arrays.stream(IDS).asLongStream().toArray()};
            NDArray hidden = backbone.forward(new ParameterStore(scope, false),
                    new NDList(backbone.embedTokens(scope.create(ids))), false).head();
            float[] flat = hidden.toFloatArray();
            float[][] out = new float[IDS.length][D];
            for (int i = 0; i < IDS.length; i++) {
                System.arraycopy(flat, i * D, out[i], 0, D);
            }
            return out;
        }
    }

    private static float maxAbsDiff(float[][] a, float[][] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void gpt2ConvWeightsAndFusedQkvLoadAsHfComputes() throws Exception {
        Weights w = new Weights();
        w.matrix("transformer.wte.weight", VOCAB, D);
        w.matrix("transformer.wpe.weight", 12, D);
        for (int l = 0; l < LAYERS; l++) {
            String h = "transformer.h." + l + ".";
            w.norm(h + "ln_1", true);
            w.matrix(h + "attn.c_attn.weight", D, 3 * D);
            w.matrix(h + "attn.c_attn.bias", 3 * D);
            w.matrix(h + "attn.c_proj.weight", D, D);
            w.matrix(h + "attn.c_proj.bias", D);
            w.norm(h + "ln_2", true);
            w.matrix(h + "mlp.c_fc.weight", D, FFN);
            w.matrix(h + "mlp.c_fc.bias", FFN);
            w.matrix(h + "mlp.c_proj.weight", FFN, D);
            w.matrix(h + "mlp.c_proj.bias", D);
        }
        w.norm("transformer.ln_f", true);
        w.writer.write(dir.resolve("model.safetensors"), "F32");
        SafetensorsWriter.writeConfig(dir, """
                {"model_type": "gpt2", "n_embd": 16, "n_layer": 2, "n_head": 4, "n_inner": 24, "n_positions": 12,
                 "vocab_size": 20, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}""");
        Map<String, float[]> bare = new LinkedHashMap<>();
        w.values.forEach((k, v) -> bare.put(k.substring("transformer.".length()), v));

        Backbone backbone = Backbones.load(dir.toString(), BackboneOptions.pretrained(), manager);
        float[][] expected = new ReferenceDecoder("gpt2", bare, D, 4, 4, FFN, LAYERS, 0, 1e-5f).forward(IDS);

        assertThat(maxAbsDiff(forward(backbone), expected)).isLessThan(1e-4f);
        assertThat(backbone.spec().family()).isEqualTo("gpt2");
        assertThat(backbone.weightsSha256()).hasSize(64);
    }

    @Test
    void optPositionsStartAtRowTwo() throws Exception {
        Weights w = new Weights();
        String p = "model.decoder.";
        w.matrix(p + "embed_tokens.weight", VOCAB, D);
        w.matrix(p + "embed_positions.weight", 12 + 2, D);
        for (int l = 0; l < LAYERS; l++) {
            String h = p + "layers." + l + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                w.matrix(h + "self_attn." + proj + ".weight", D, D);
                w.matrix(h + "self_attn." + proj + ".bias", D);
            }
            w.norm(h + "self_attn_layer_norm", true);
            w.matrix(h + "fc1.weight", FFN, D);
            w.matrix(h + "fc1.bias", FFN);
            w.matrix(h + "fc2.weight", D, FFN);
            w.matrix(h + "fc2.bias", D);
            w.norm(h + "final_layer_norm", true);
        }
        w.norm(p + "final_layer_norm", true);
        w.writer.write(dir.resolve("model.safetensors"), "F16");
        SafetensorsWriter.writeConfig(dir, """
                {"model_type": "opt", "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2,
                 "ffn_dim": 24, "max_position_embeddings": 12, "vocab_size": 20, "do_layer_norm_before": true,
                 "word_embed_proj_dim": 16, "activation_function": "relu"}""");

        Backbone backbone = Backbones.load(dir.toString(), BackboneOptions.pretrained(), manager);
        float[][] expected = new ReferenceDecoder("opt", w.values, D, 2, 2, FFN, LAYERS, 0, 1e-5f).forward(IDS);

        assertThat(maxAbsDiff(forward(backbone), expected)).isLessThan(1e-4f);
    }

    private Weights llamaWeights(int heads, int kvHeads, boolean qkvBias) {
        Weights w = new Weights();
        int hd = D / heads;
        w.matrix("model.embed_tokens.weight", VOCAB, D);
        for (int l = 0; l < LAYERS; l++) {
            String h = "model.layers." + l + ".";
            w.put(h + "input_layernorm.weight", 0.2f, 1f, D);
            w.matrix(h + "self_attn.q_proj.weight", heads * hd, D);
            w.matrix(h + "self_attn.k_proj.weight", kvHeads * hd, D);
            w.matrix(h + "self_attn.v_proj.weight", kvHeads * hd, D);
            if (qkvBias) {
                w.matrix(h + "self_attn.q_proj.bias", heads * hd);
                w.matrix(h + "self_attn.k_proj.bias", kvHeads * hd);
                w.matrix(h + "self_attn.v_proj.bias", kvHeads * hd);
            }
            w.matrix(h + "self_attn.o_proj.weight", D, heads * hd);
            w.put(h + "post_attention_layernorm.weight", 0.2f, 1f, D);
            w.matrix(h + "mlp.gate_proj.weight", FFN, D);
            w.matrix(h + "mlp.up_proj.weight", FFN, D);
            w.matrix(h + "mlp.down_proj.weight", D, FFN);
        }
        w.put("model.norm.weight", 0.2f, 1f, D);
        return w;
    }

    @Test
    void llamaWithGroupedQueryAttentionMatchesHf() throws Exception {
        Weights w = llamaWeights(4, 2, false);
        w.writer.write(dir.resolve("model.safetensors"), "BF16");
        SafetensorsWriter.writeConfig(dir, """
                {"model_type": "llama", "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 4,
                 "num_key_value_heads": 2, "intermediate_size": 24, "vocab_size": 20, "rms_norm_eps": 1e-6,
                 "rope_theta": 500.0, "hidden_act": "silu"}""");

        Backbone backbone = Backbones.load(dir.toString(), BackboneOptions.pretrained(), manager);
        float[][] expected = new ReferenceDecoder("llama", w.values, D, 4, 2, FFN, LAYERS, 500, 1e-6f).forward(IDS);

        assertThat(maxAbsDiff(forward(backbone), expected)).isLessThan(1e-4f);
        assertThat(backbone.loraTargetableModules())
                .containsExactly("q_proj", "k_proj", "v_proj", "o_proj", "up_proj", "gate_proj", "down_proj");
    }

    @Test
    void shardedQwen2WithQkvBiasesLoads() throws Exception {
        Weights w = llamaWeights(2, 1, true);
        // Two shards and an index, as HF writes large checkpoints.
        SafetensorsWriter first = new SafetensorsWriter();
        SafetensorsWriter second = new SafetensorsWriter();
        StringBuilder map = new StringBuilder();
        int i = 0;
        for (var e : w.values.entrySet()) {
            String shard = i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (shard.startsWith("model-00001") ? first : second).put(e.getKey(), e.getValue(), w.shapes.get(e.getKey()));
            map.append(map.length() == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"").append(shard)
                    .append('"');
        }
        first.write(dir.resolve("model-00001-of-00002.safetensors"), "F32");
        second.write(dir.resolve("model-00002-of-00002.safetensors"), "F32");
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\":{" + map + "}}");
        SafetensorsWriter.writeConfig(dir, """
                {"model_type": "qwen2", "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2,
                 "num_key_value_heads": 1, "intermediate_size": 24, "vocab_size": 20, "rms_norm_eps": 1e-6,
                 "rope_theta": 1000000.0, "hidden_act": "silu"}""");

        Backbone backbone = Backbones.load(dir.toString(), BackboneOptions.pretrained(), manager);
        float[][] expected = new ReferenceDecoder("qwen2", w.values, D, 2, 1, FFN, LAYERS, 1e6, 1e-6f).forward(IDS);

        assertThat(maxAbsDiff(forward(backbone), expected)).isLessThan(1e-4f);
    }

    @Test
    void windowedReadsOfLargeTensorsEqualWholeReads() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 3;
        }
        new SafetensorsWriter().put("big", values, 10, 100).write(dir.resolve("a.safetensors"), "F32");
        new SafetensorsWriter().put("big", values, 10, 100).write(dir.resolve("b.safetensors"), "F16");

        try (SafetensorsFile whole = SafetensorsFile.open(dir.resolve("a.safetensors"));
             SafetensorsFile windowed = SafetensorsFile.open(dir.resolve("a.safetensors"), 96);
             SafetensorsFile half = SafetensorsFile.open(dir.resolve("b.safetensors"), 98)) {
            assertThat(windowed.read("big").values()).containsExactly(whole.read("big").values());
            assertThat(half.read("big").values()).containsExactly(values);
        }
    }

    private static float[] toArray(Tensor t) {
        float[] out = new float[t.data().remaining()];
        t.data().duplicate().get(out);
        return out;
    }

    @Test
    void unsupportedModelTypeIsRefusedByName() throws Exception {
        SafetensorsWriter.writeConfig(dir, "{\"model_type\": \"t5\"}");

        assertThatThrownBy(() -> Backbones.load(dir.toString(), BackboneOptions.pretrained(), manager))
                .isInstanceOf(BackboneLoadException.class)
                .hasMessageContaining("model_type 't5' is not supported");
        assertThatThrownBy(() -> Backbones.load("no-such-model", BackboneOptions.pretrained(), manager))
                .isInstanceOf(BackboneLoadException.class)
                .hasMessageContaining("unknown model 'no-such-model'");
    }
}
