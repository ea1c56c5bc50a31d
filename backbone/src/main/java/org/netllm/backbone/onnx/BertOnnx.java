package org.netllm.backbone.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.Architecture.Projection;
import org.netllm.backbone.transformer.Tensor;
import org.netllm.backbone.transformer.WeightSource;

/**
 * A BERT encoder exported to ONNX by HF's exporter (bge-small-en-v1.5, all-MiniLM-L6-v2): its architecture
 * read from the initializer shapes and its weights under canonical names.
 *
 * <p>The exporter keeps HF names for biases, norms and embeddings but stores each linear weight as an anonymous
 * {@code (in, out)} MatMul operand; the MatMul node's name ({@code /encoder/layer.0/attention/self/query/MatMul})
 * gives the module. BERT tensor names appear only in this class.
 */
public final class BertOnnx implements WeightSource {

    private static final Pattern MATMUL = Pattern.compile("/encoder/layer\\.(\\d+)/(.+)/MatMul");
    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");
    private static final Map<String, String> LAYER_MODULES = Map.of(
            "attention.self.query", "q",
            "attention.self.key", "k",
            "attention.self.value", "v",
            "attention.output.dense", "o",
            "attention.output.LayerNorm", "attn_norm",
            "intermediate.dense", "up",
            "output.dense", "down",
            "output.LayerNorm", "mlp_norm");

    private final Map<String, Tensor> canonical;
    private final Architecture architecture;
    private final String sha256;

    private BertOnnx(Map<String, Tensor> canonical, Architecture architecture, String sha256) {
        this.canonical = canonical;
        this.architecture = architecture;
        this.sha256 = sha256;
    }

    /** Reads an ONNX BERT from a class-path resource (a model jar), with {@code heads} attention heads. */
    public static BertOnnx fromResource(String resource, int heads) {
        try (InputStream in = BertOnnx.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BackboneLoadException("the ONNX file " + resource + " is not on the class path; the jar that"
                        + " ships it is a dependency of the backbone module (rebuild with Maven)");
            }
            return fromBytes(in.readAllBytes(), heads);
        } catch (IOException e) {
            throw new BackboneLoadException("cannot read the ONNX file " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Parses ONNX model bytes. */
    public static BertOnnx fromBytes(byte[] model, int heads) throws IOException {
        OnnxGraph graph = OnnxGraph.parse(model);
        Map<String, Tensor> hf = new HashMap<>();
        graph.initializers().forEach((name, tensor) -> {
            if (!name.startsWith("onnx::")) {
                hf.put(name, tensor);
            }
        });
        for (OnnxGraph.Node node : graph.nodes()) {
            Matcher m = MATMUL.matcher(node.name());
            if (!node.opType().equals("MatMul") || !m.matches() || node.inputs().size() != 2) {
                continue;
            }
            Tensor weight = graph.initializers().get(node.inputs().get(1));
            if (weight != null) {
                String module = m.group(2).replace('/', '.');
                hf.put("encoder.layer." + m.group(1) + "." + module + ".weight", weight.transposed());
            }
        }
        Map<String, Tensor> canonical = new HashMap<>();
        hf.forEach((name, tensor) -> {
            String c = canonicalName(name);
            if (c != null) {
                canonical.put(c, tensor);
            }
        });
        return new BertOnnx(canonical, architecture(canonical, heads), sha256(model));
    }

    /** Maps an HF BERT tensor name to the backbone's canonical name, or null for tensors it does not use. */
    static String canonicalName(String hfName) {
        switch (hfName) {
            case "embeddings.word_embeddings.weight": return "embed_tokens.weight";
            case "embeddings.position_embeddings.weight": return "embed_positions.weight";
            case "embeddings.token_type_embeddings.weight": return "token_type_embeddings.weight";
            case "embeddings.LayerNorm.weight": return "embeddings_norm.weight";
            case "embeddings.LayerNorm.bias": return "embeddings_norm.bias";
            default: break;
        }
        Matcher m = LAYER.matcher(hfName);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(2);
        int dot = rest.lastIndexOf('.');
        String module = LAYER_MODULES.get(rest.substring(0, dot));
        return module == null ? null : "layers." + m.group(1) + "." + module + rest.substring(dot);
    }

    private static Architecture architecture(Map<String, Tensor> w, int heads) {
        Tensor words = require(w, "embed_tokens.weight");
        int d = Math.toIntExact(words.shape().get(1));
        int layers = 0;
        while (w.containsKey("layers." + layers + ".q.weight")) {
            layers++;
        }
        int ffn = Math.toIntExact(require(w, "layers.0.up.weight").shape().get(0));
        return bert(d, layers, heads, ffn, Math.toIntExact(words.shape().get(0)),
                Math.toIntExact(require(w, "embed_positions.weight").shape().get(0)),
                Math.toIntExact(require(w, "token_type_embeddings.weight").shape().get(0)));
    }

    /** BERT's architecture (post-norm, GELU, LayerNorm eps 1e-12, learned positions, token types). */
    public static Architecture bert(int d, int layers, int heads, int ffn, int vocab, int maxPositions, int tokenTypes) {
        Map<Projection, String> names = new EnumMap<>(Projection.class);
        names.put(Projection.Q, "query");
        names.put(Projection.K, "key");
        names.put(Projection.V, "value");
        names.put(Projection.O, "attention.output.dense");
        names.put(Projection.UP, "intermediate.dense");
        names.put(Projection.DOWN, "output.dense");
        return Architecture.builder("bert", d, layers, heads)
                .feedForward(Architecture.Mlp.DENSE, ffn, Architecture.Activation.GELU)
                .vocabulary(vocab)
                .learnedPositions(maxPositions, 0)
                .tokenTypes(tokenTypes)
                .normalisation(Architecture.Layout.POST_NORM, Architecture.Norm.LAYER_NORM, 1e-12f)
                .embeddingNorm()
                .biases(true, true, true)
                .moduleNames(names)
                .build();
    }

    private static Tensor require(Map<String, Tensor> w, String name) {
        Tensor t = w.get(name);
        if (t == null) {
            throw new BackboneLoadException("the ONNX BERT lacks " + name + "; is it an HF BERT export?");
        }
        return t;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The architecture read from the file. */
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public Tensor tensor(String canonicalName) {
        return canonical.get(canonicalName);
    }

    @Override
    public String sha256() {
        return sha256;
    }
}
