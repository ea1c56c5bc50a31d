package org.netllm.adapt.checkpoint;

import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.netllm.adapt.AdaptationMode;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;

/**
 * The backbone an adaptation run starts from, for every task: a name ({@code minilm}, {@code bge-small}, a Hugging
 * Face checkpoint directory, or {@link #TINY}) and how the mode builds it (pretrained, or random for the
 * no-knowledge ablation; with LoRA where the mode trains adapters). The one place that knows what "tiny" is.
 *
 * @param model a name {@code Backbones.load} accepts, or {@link #TINY}
 * @param rank  LoRA rank r (alpha = 2r, query and value projections), when the mode uses LoRA
 * @param seed  seeds random weights and the adapters
 * @param attentionSpan positions each position attends, itself included (0: no limit)
 */
public record BackboneChoice(String model, AdaptationMode mode, int rank, long seed, int attentionSpan) {

    /**
     * A random Llama-style decoder for tests and smoke runs (no pretrained knowledge): a fresh one has
     * {@link #TINY_LAYERS} layers of width {@link #TINY_WIDTH} with {@link #TINY_HEADS} heads; a checkpoint
     * rebuilds it from the shape and seed it recorded.
     */
    public static final String TINY = "tiny";
    public static final int TINY_LAYERS = 2;
    public static final int TINY_WIDTH = 64;
    public static final int TINY_HEADS = 4;

    public BackboneChoice {
        if (mode.usesLora() && rank < 1) {
            throw new IllegalArgumentException("LoRA rank " + rank + " must be at least 1");
        }
        if (attentionSpan < 0) {
            throw new IllegalArgumentException("attention span " + attentionSpan + " must be 0 (no limit) or more");
        }
    }

    /** A choice whose positions attend the whole context before them. */
    public BackboneChoice(String model, AdaptationMode mode, int rank, long seed) {
        this(model, mode, rank, seed, 0);
    }

    /** The options the run builds the backbone with. */
    public BackboneOptions options() {
        BackboneOptions options = mode == AdaptationMode.RANDOM_INIT || TINY.equals(model)
                ? BackboneOptions.random(seed) : BackboneOptions.pretrained();
        options = options.withAttentionSpan(attentionSpan);
        return mode.usesLora() ? options.withLora(LoraConfig.ofRank(rank, seed)) : options;
    }

    /** Builds the backbone ({@code BackboneLoadException} when the name or directory is unusable). */
    public Backbone load(NDManager manager) {
        return load(model, options(), manager);
    }

    /** The checkpoint's record of the backbone this choice built. */
    public BackboneRef ref(Backbone backbone) {
        return BackboneRef.of(model, options(), backbone);
    }

    /** The backbone called {@code model} built with {@code options}: {@link #TINY} or a {@code Backbones} name. */
    public static Backbone load(String model, BackboneOptions options, NDManager manager) {
        if (TINY.equals(model)) {
            return Backbones.tiny(TINY_LAYERS, TINY_WIDTH, TINY_HEADS, options.seed(), options.lora(),
                    options.attentionSpan(), manager);
        }
        return Backbones.load(model, options, manager);
    }

    /** Rebuilds the backbone a checkpoint recorded: a tiny one from its recorded shape and seed. */
    public static Backbone rebuild(BackboneRef ref, NDManager manager) {
        if (TINY.equals(ref.model())) {
            return Backbones.tiny(ref.layers(), ref.hiddenSize(), ref.heads(), ref.seed(),
                    Optional.ofNullable(ref.lora()), ref.attentionSpan(), manager);
        }
        return Backbones.load(ref.model(), ref.options(), manager);
    }
}
