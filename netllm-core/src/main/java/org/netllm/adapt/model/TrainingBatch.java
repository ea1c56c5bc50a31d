package org.netllm.adapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One batch as a model's {@link AdaptedModel#loss} reads it.
 *
 * @param inputs what the model's forward takes
 * @param labels target rows {@code (..., labelWidth)}
 * @param weights which rows count {@code (...)} (1 real, 0 padding), or null when all do
 */
public record TrainingBatch(NDList inputs, NDArray labels, NDArray weights) {
}
