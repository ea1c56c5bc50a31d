package org.netllm.adapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.backbone.Backbone;

/** A backbone wrapped with NetLLM's encoder and head (and whatever else a pipeline adds), ready to train. */
public interface AdaptedModel extends Block {

    /** The task inputs' encoder. */
    MultimodalEncoder encoder();

    /** The language model. */
    Backbone backbone();

    /** The networking head. */
    NetworkingHead head();

    /** The mean training loss of a batch, a scalar; forward in training mode, so gradients flow. */
    NDArray loss(ParameterStore store, TrainingBatch batch);
}
