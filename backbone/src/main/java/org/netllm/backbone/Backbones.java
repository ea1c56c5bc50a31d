package org.netllm.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.backbone.hf.HfCheckpoint;
import org.netllm.backbone.onnx.BertOnnx;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.Architecture.Projection;
import org.netllm.backbone.transformer.RandomWeights;
import org.netllm.backbone.transformer.TransformerBackbone;
import org.netllm.backbone.transformer.WeightSource;

/**
 * Builds backbones: the embedded pretrained BERTs ({@code bge-small}, {@code minilm}), Hugging Face checkpoint
 * directories (GPT-2, OPT, Llama, Qwen2, Mistral), any of them with random weights, and tiny random decoders
 * for tests. Nothing is downloaded: weights come from jars on the class path or local files. This class is
 * threadsafe.
 */
public final class Backbones {

    /** The embedded default: BAAI bge-small-en-v1.5 (BERT, 12 layers, d=384, 33M parameters). */
    public static final String BGE_SMALL = "bge-small";
    /** The small embedded BERT: sentence-transformers all-MiniLM-L6-v2 (6 layers, d=384, 22M parameters). */
    public static final String MINILM = "minilm";

    private static final Map<String, Embedded> EMBEDDED = Map.of(
            BGE_SMALL, new Embedded("/bge-small-en-v1.5.onnx", 12, 12),
            MINILM, new Embedded("/all-minilm-l6-v2.onnx", 6, 12));

    private record Embedded(String resource, int layers, int heads) {
    }

    /** Parsed embedded ONNX files, kept while memory allows: parsing 90-130 MB takes seconds, copying ~0.1 s. */
    private static final Map<String, SoftReference<BertOnnx>> PARSED = new ConcurrentHashMap<>();

    private Backbones() {
    }

    /** The model names {@link #load} accepts besides a directory. */
    public static List<String> embeddedNames() {
        return List.of(BGE_SMALL, MINILM);
    }

    /**
     * Loads a backbone, initialised and holding its weights (ready to forward).
     *
     * @param model   {@code bge-small}, {@code minilm}, or a directory with {@code config.json} and
     *                {@code model.safetensors} (or a sharded {@code model.safetensors.index.json})
     * @param options pretrained or random (seeded) weights, LoRA, causal or bidirectional, device
     * @param manager owns the weight arrays
     * @throws BackboneLoadException for an unknown model, an unreadable or unsupported checkpoint, or a missing GPU
     */
    public static Backbone load(String model, BackboneOptions options, NDManager manager) {
        NDManager weights = managerFor(options, manager);
        Embedded embedded = EMBEDDED.get(model);
        if (embedded != null) {
            if (options.weights() == BackboneOptions.Weights.RANDOM) {
                // The architecture of the embedded BERTs is fixed; no need to read 90-130 MB for a random init.
                Architecture arch = BertOnnx.bert(384, embedded.layers(), embedded.heads(), 1536, 30522, 512, 2);
                return build(arch, model, options, null, weights);
            }
            BertOnnx onnx = parsed(embedded);
            return build(onnx.architecture(), model, options, onnx, weights);
        }
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            throw new BackboneLoadException("unknown model '" + model + "': use " + String.join(" or ", embeddedNames())
                    + ", or a directory holding a Hugging Face checkpoint (config.json + model.safetensors)");
        }
        HfCheckpoint checkpoint = HfCheckpoint.open(dir);
        String id = dir.toAbsolutePath().normalize().getFileName().toString();
        if (options.weights() == BackboneOptions.Weights.RANDOM) {
            return build(checkpoint.architecture(), id, options, null, weights);
        }
        try (WeightSource source = checkpoint.weights()) {
            return build(checkpoint.architecture(), id, options, source, weights);
        }
    }

    /**
     * Builds a backbone of any architecture; {@code source} null means random weights drawn with the options' seed.
     */
    public static Backbone build(Architecture arch, String id, BackboneOptions options, WeightSource source,
                                 NDManager manager) {
        TransformerBackbone backbone = new TransformerBackbone(arch, id, options.attention(), options.attentionSpan(),
                options.lora());
        WeightSource weights = source;
        if (weights == null) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            backbone.baseWeights().forEach((name, slot) -> shapes.put(name, slot.shape()));
            weights = new RandomWeights(shapes, options.seed());
        }
        long loraSeed = options.lora().map(LoraConfig::seed).orElse(0L);
        backbone.load(weights, loraSeed, manager);
        return backbone;
    }

    /**
     * A tiny random Llama-style decoder (RMSNorm, rotary, SwiGLU, vocabulary of 64) for fast tests.
     *
     * @param layers depth
     * @param d      width (a multiple of {@code heads}, with an even head width)
     * @param heads  attention heads
     * @param seed   weight seed
     * @param lora   adapters, if any
     */
    public static Backbone tiny(int layers, int d, int heads, long seed, Optional<LoraConfig> lora, NDManager manager) {
        return tiny(layers, d, heads, seed, lora, 0, manager);
    }

    /** {@link #tiny(int, int, int, long, Optional, NDManager)} whose positions attend at most {@code span} back. */
    public static Backbone tiny(int layers, int d, int heads, long seed, Optional<LoraConfig> lora, int span,
                                NDManager manager) {
        BackboneOptions options = new BackboneOptions(BackboneOptions.Weights.RANDOM, seed, lora,
                BackboneOptions.Attention.CAUSAL, BackboneOptions.DeviceChoice.CPU, span);
        return build(tinyLlama(layers, d, heads, heads), "tiny", options, null, manager);
    }

    /** {@link #tiny(int, int, int, long, Optional, NDManager)} without adapters. */
    public static Backbone tiny(int layers, int d, int heads, long seed, NDManager manager) {
        return tiny(layers, d, heads, seed, Optional.empty(), manager);
    }

    /** The architecture of a tiny Llama-style decoder with {@code kvHeads} key/value heads. */
    public static Architecture tinyLlama(int layers, int d, int heads, int kvHeads) {
        if (d % heads != 0 || (d / heads) % 2 != 0) {
            throw new IllegalArgumentException("d (" + d + ") must be heads (" + heads + ") × an even head width");
        }
        Map<Projection, String> names = Architecture.llamaProjectionNames();
        return Architecture.builder("llama", d, layers, heads)
                .attention(kvHeads, d / heads)
                .feedForward(Architecture.Mlp.GATED, 2 * d, Architecture.Activation.SILU)
                .vocabulary(64)
                .rotaryPositions(Architecture.Rotary.of(10000))
                .normalisation(Architecture.Layout.PRE_NORM, Architecture.Norm.RMS_NORM, 1e-6f)
                .finalNorm(true)
                .moduleNames(names)
                .build();
    }

    private static BertOnnx parsed(Embedded embedded) {
        SoftReference<BertOnnx> cached = PARSED.get(embedded.resource());
        BertOnnx onnx = cached == null ? null : cached.get();
        if (onnx == null) {
            onnx = BertOnnx.fromResource(embedded.resource(), embedded.heads());
            PARSED.put(embedded.resource(), new SoftReference<>(onnx));
        }
        return onnx;
    }

    private static NDManager managerFor(BackboneOptions options, NDManager manager) {
        if (options.device() == BackboneOptions.DeviceChoice.CPU) {
            return manager;
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            throw new BackboneLoadException("--device gpu: no CUDA GPU is usable by the " + Engine.getInstance()
                    .getEngineName() + " engine (this build bundles the CPU libtorch, pytorch-native-cpu); use "
                    + "--device cpu, or put a CUDA build of pytorch-native on the class path");
        }
        return manager.newSubManager(Device.gpu());
    }
}
