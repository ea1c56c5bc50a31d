package org.netllm.backbone.hf;

import java.util.Map;

/**
 * A plain-Java, loop-by-loop forward pass of GPT-2, OPT and Llama/Qwen2 written from HF's modeling code, reading
 * the checkpoint's own tensor names and layouts: the independent expectation for the DJL backbones.
 */
final class ReferenceDecoder {

    private final String family;
    private final Map<String, float[]> w;
    private final int d;
    private final int heads;
    private final int kvHeads;
    private final int ffn;
    private final int layers;
    private final double theta;
    private final float eps;

    ReferenceDecoder(String family, Map<String, float[]> weights, int d, int heads, int kvHeads, int ffn, int layers,
                     double theta, float eps) {
        this.family = family;
        this.w = weights;
        this.d = d;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.ffn = ffn;
        this.layers = layers;
        this.theta = theta;
        this.eps = eps;
    }

    /** last_hidden_state {@code [T][d]} for token ids. */
    float[][] forward(int[] ids) {
        int t = ids.length;
        float[][] x = new float[t][];
        for (int i = 0; i < t; i++) {
            x[i] = switch (family) {
                case "gpt2" -> add(row("wte.weight", ids[i]), row("wpe.weight", i));
                case "opt" -> add(row("model.decoder.embed_tokens.weight", ids[i]),
                        row("model.decoder.embed_positions.weight", i + 2));
                default -> row("model.embed_tokens.weight", ids[i]);
            };
        }
        for (int l = 0; l < layers; l++) {
            float[][] normed = new float[t][];
            for (int i = 0; i < t; i++) {
                normed[i] = switch (family) {
                    case "gpt2" -> layerNorm(x[i], "h." + l + ".ln_1");
                    case "opt" -> layerNorm(x[i], "model.decoder.layers." + l + ".self_attn_layer_norm");
                    default -> rmsNorm(x[i], "model.layers." + l + ".input_layernorm.weight");
                };
            }
            float[][] attended = attention(normed, l);
            for (int i = 0; i < t; i++) {
                x[i] = add(x[i], attended[i]);
                float[] m = switch (family) {
                    case "gpt2" -> layerNorm(x[i], "h." + l + ".ln_2");
                    case "opt" -> layerNorm(x[i], "model.decoder.layers." + l + ".final_layer_norm");
                    default -> rmsNorm(x[i], "model.layers." + l + ".post_attention_layernorm.weight");
                };
                x[i] = add(x[i], mlp(m, l));
            }
        }
        for (int i = 0; i < t; i++) {
            x[i] = switch (family) {
                case "gpt2" -> layerNorm(x[i], "ln_f");
                case "opt" -> layerNorm(x[i], "model.decoder.final_layer_norm");
                default -> rmsNorm(x[i], "model.norm.weight");
            };
        }
        return x;
    }

    private float[][] attention(float[][] x, int l) {
        int t = x.length;
        int hd = d / heads;
        float[][] q = new float[t][];
        float[][] k = new float[t][];
        float[][] v = new float[t][];
        for (int i = 0; i < t; i++) {
            switch (family) {
                case "gpt2" -> {
                    float[] qkv = conv1d(x[i], "h." + l + ".attn.c_attn", d, 3 * d);
                    q[i] = java.util.Arrays.copyOfRange(qkv, 0, d);
                    k[i] = java.util.Arrays.copyOfRange(qkv, d, 2 * d);
                    v[i] = java.util.Arrays.copyOfRange(qkv, 2 * d, 3 * d);
                }
                case "opt" -> {
                    String p = "model.decoder.layers." + l + ".self_attn.";
                    q[i] = linear(x[i], p + "q_proj", d, d);
                    k[i] = linear(x[i], p + "k_proj", d, d);
                    v[i] = linear(x[i], p + "v_proj", d, d);
                }
                default -> {
                    String p = "model.layers." + l + ".self_attn.";
                    q[i] = rotate(linear(x[i], p + "q_proj", d, heads * hd), i, heads, hd);
                    k[i] = rotate(linear(x[i], p + "k_proj", d, kvHeads * hd), i, kvHeads, hd);
                    v[i] = linear(x[i], p + "v_proj", d, kvHeads * hd);
                }
            }
        }
        float[][] context = new float[t][heads * hd];
        for (int h = 0; h < heads; h++) {
            int kvh = h / (heads / kvHeads); // HF repeat_kv: each kv head serves a block of query heads
            for (int i = 0; i < t; i++) {
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int c = 0; c < hd; c++) {
                        s += q[i][h * hd + c] * k[j][kvh * hd + c];
                    }
                    scores[j] = s / Math.sqrt(hd);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int c = 0; c < hd; c++) {
                        context[i][h * hd + c] += (float) (scores[j] / sum * v[j][kvh * hd + c]);
                    }
                }
            }
        }
        float[][] out = new float[t][];
        for (int i = 0; i < t; i++) {
            out[i] = switch (family) {
                case "gpt2" -> conv1d(context[i], "h." + l + ".attn.c_proj", d, d);
                case "opt" -> linear(context[i], "model.decoder.layers." + l + ".self_attn.out_proj", d, d);
                default -> linear(context[i], "model.layers." + l + ".self_attn.o_proj", heads * hd, d);
            };
        }
        return out;
    }

    private float[] rotate(float[] x, int position, int count, int hd) {
        float[] out = new float[x.length];
        int half = hd / 2;
        for (int h = 0; h < count; h++) {
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(theta, 2.0 * i / hd);
                double a = x[h * hd + i];
                double b = x[h * hd + half + i];
                out[h * hd + i] = (float) (a * Math.cos(angle) - b * Math.sin(angle));
                out[h * hd + half + i] = (float) (b * Math.cos(angle) + a * Math.sin(angle));
            }
        }
        return out;
    }

    private float[] mlp(float[] x, int l) {
        switch (family) {
            case "gpt2" -> {
                float[] h = conv1d(x, "h." + l + ".mlp.c_fc", d, ffn);
                for (int i = 0; i < h.length; i++) {
                    double u = h[i];
                    h[i] = (float) (0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u))));
                }
                return conv1d(h, "h." + l + ".mlp.c_proj", ffn, d);
            }
            case "opt" -> {
                float[] h = linear(x, "model.decoder.layers." + l + ".fc1", d, ffn);
                for (int i = 0; i < h.length; i++) {
                    h[i] = Math.max(0, h[i]);
                }
                return linear(h, "model.decoder.layers." + l + ".fc2", ffn, d);
            }
            default -> {
                String p = "model.layers." + l + ".mlp.";
                float[] gate = linear(x, p + "gate_proj", d, ffn);
                float[] up = linear(x, p + "up_proj", d, ffn);
                float[] h = new float[ffn];
                for (int i = 0; i < ffn; i++) {
                    h[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
                }
                return linear(h, p + "down_proj", ffn, d);
            }
        }
    }

    /** nn.Linear: weight (out, in), optional bias. */
    private float[] linear(float[] x, String name, int in, int out) {
        float[] weight = w.get(name + ".weight");
        float[] bias = w.get(name + ".bias");
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                s += weight[o * in + i] * x[i];
            }
            y[o] = (float) s;
        }
        return y;
    }

    /** GPT-2's Conv1D: weight (in, out), bias. */
    private float[] conv1d(float[] x, String name, int in, int out) {
        float[] weight = w.get(name + ".weight");
        float[] bias = w.get(name + ".bias");
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double s = bias[o];
            for (int i = 0; i < in; i++) {
                s += weight[i * out + o] * x[i];
            }
            y[o] = (float) s;
        }
        return y;
    }

    private float[] layerNorm(float[] x, String name) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        float[] g = w.get(name + ".weight");
        float[] b = w.get(name + ".bias");
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) ((x[i] - mean) / Math.sqrt(var + eps) * g[i] + b[i]);
        }
        return y;
    }

    private float[] rmsNorm(float[] x, String name) {
        double ms = 0;
        for (float v : x) {
            ms += v * v;
        }
        ms /= x.length;
        float[] g = w.get(name);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] / Math.sqrt(ms + eps) * g[i]);
        }
        return y;
    }

    private float[] row(String name, int index) {
        return java.util.Arrays.copyOfRange(w.get(name), index * d, (index + 1) * d);
    }

    private static float[] add(float[] a, float[] b) {
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }
}
