package org.netllm.backbone.transformer;

/**
 * A checkpoint as a backbone reads it: tensors by canonical name ({@code embed_tokens.weight},
 * {@code layers.3.q.weight}, {@code final_norm.bias}, ...). Only a family's loader knows the checkpoint's own
 * tensor names; it maps them here.
 */
public interface WeightSource extends AutoCloseable {

    /** The tensor for a canonical name, or null when the checkpoint lacks it. */
    Tensor tensor(String canonicalName);

    /** SHA-256 (hex) of the files the tensors come from, or {@code random:<seed>}. */
    String sha256();

    /** Releases open files; tensors already read stay valid. */
    @Override
    default void close() {
    }
}
