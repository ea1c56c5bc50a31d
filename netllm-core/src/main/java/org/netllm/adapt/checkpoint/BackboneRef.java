package org.netllm.adapt.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;

/**
 * Which backbone an adapter was trained on, precisely enough to rebuild it and to refuse any other.
 *
 * @param model         what {@code Backbones.load} was given: an embedded name or a checkpoint directory
 * @param id            the backbone's own id
 * @param family        bert, gpt2, llama, ...
 * @param hiddenSize    d
 * @param layers        depth
 * @param heads         attention heads
 * @param causal        attention direction
 * @param weightsSha256 the backbone's {@code weightsSha256()}
 * @param weights       PRETRAINED or RANDOM
 * @param seed          seed of random weights
 * @param lora          the adapters the backbone was built with, or null
 * @param attentionSpan positions each position attends, itself included (0, and absent in older checkpoints: no
 *                      limit)
 */
public record BackboneRef(String model, String id, String family, int hiddenSize, int layers, int heads,
        boolean causal, String weightsSha256, BackboneOptions.Weights weights, long seed, LoraConfig lora,
        int attentionSpan) {

    /**
     * Describes a backbone loaded from {@code model} with {@code options}. A name (tiny, bge-small, minilm) stays a
     * name even when the working directory holds a folder of that name; a directory is recorded absolute.
     */
    public static BackboneRef of(String model, BackboneOptions options, Backbone backbone) {
        var spec = backbone.spec();
        boolean named = BackboneChoice.TINY.equals(model) || Backbones.embeddedNames().contains(model);
        String where = !named && Files.isDirectory(Path.of(model))
                ? Path.of(model).toAbsolutePath().normalize().toString() : model;
        return new BackboneRef(where, spec.id(), spec.family(), spec.hiddenSize(), spec.layers(), spec.heads(),
                spec.causal(), backbone.weightsSha256(), options.weights(), options.seed(),
                options.lora().orElse(null), options.attentionSpan());
    }

    /** Options that rebuild the backbone (on the CPU). */
    public BackboneOptions options() {
        return new BackboneOptions(weights, seed, Optional.ofNullable(lora),
                causal ? BackboneOptions.Attention.CAUSAL : BackboneOptions.Attention.BIDIRECTIONAL,
                BackboneOptions.DeviceChoice.CPU, attentionSpan);
    }

    /** What differs between this and another backbone, or null when it is the same one. */
    public String differenceTo(Backbone backbone) {
        var spec = backbone.spec();
        if (!weightsSha256.equals(backbone.weightsSha256())) {
            return "the adapter was trained on backbone " + id + " with weights sha256 " + weightsSha256
                    + ", but backbone " + spec.id() + " has weights sha256 " + backbone.weightsSha256();
        }
        if (hiddenSize != spec.hiddenSize() || layers != spec.layers() || heads != spec.heads()
                || causal != spec.causal() || !family.equals(spec.family())) {
            return "the adapter was trained on " + describe(family, hiddenSize, layers, heads, causal) + " but got "
                    + describe(spec.family(), spec.hiddenSize(), spec.layers(), spec.heads(), spec.causal());
        }
        return null;
    }

    private static String describe(String family, int d, int layers, int heads, boolean causal) {
        return family + " d=" + d + " layers=" + layers + " heads=" + heads + (causal ? " causal" : " bidirectional");
    }
}
