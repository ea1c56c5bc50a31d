package org.netllm.adapt.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.model.ReturnConditioning;

/**
 * The JSON half of an adapter checkpoint ({@code adapter.json}): everything needed to rebuild the model
 * around the right backbone, and the task's own definition, which this module stores without reading.
 *
 * @param format       {@link #FORMAT}
 * @param backbone     the backbone it was trained on
 * @param mode         which weights were trained (and so are in {@code adapter.safetensors})
 * @param inputs       the encoder's inputs, in token order
 * @param encoder      encoder sizes
 * @param head         the networking head
 * @param conditioning the return-conditioned pipeline's settings, or null for the supervised pipeline
 * @param task         the task definition as the task wrote it (may be null)
 */
public record AdapterConfig(int format, BackboneRef backbone, AdaptationMode mode, List<InputSpec> inputs,
        EncoderSettings encoder, HeadSpec head, ReturnConditioning conditioning, JsonNode task) {

    /** The checkpoint format this code writes and reads. */
    public static final int FORMAT = 1;
}
