package org.netllm.controller.cjs.learned;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.checkpoint.BackboneRef;

/**
 * The JSON half of a CJS checkpoint ({@code cjs-adapter.json}): the backbone, which weights were trained, the
 * model's sizes and how returns are conditioned.
 *
 * @param format        {@link #FORMAT}
 * @param backbone      the backbone it was trained on
 * @param mode          which weights were trained (and so are in the weights file)
 * @param model         the CJS model's sizes
 * @param conditioning  the return scale and target
 * @param decoding      how {@code netllm:DIR} picks from the heads' scores: {@code greedy} (also when absent) or
 *                      {@code sampled} (chosen on validation, as the target return is)
 * @param temperature   the softmax temperature of sampled picks; absent: 1 (a value other than 1 only with
 *                      {@code sampled}, chosen on validation too)
 */
public record CjsCheckpointConfig(int format, BackboneRef backbone, AdaptationMode mode, CjsModelSettings model,
                                  CjsConditioning conditioning, String decoding,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Double temperature) {

    /** The format this code writes and reads. */
    public static final int FORMAT = 1;

    /** The decoding the scheduler uses, greedy unless the file says otherwise. */
    public NetllmCjsScheduler.Choice choice() {
        return "sampled".equals(decoding) ? NetllmCjsScheduler.Choice.SAMPLED : NetllmCjsScheduler.Choice.GREEDY;
    }

    /** The temperature sampled picks use, 1 unless the file says otherwise. */
    public double samplingTemperature() {
        return temperature == null ? 1.0 : temperature;
    }

    /** The recorded decoding as one value (greedy when absent). */
    public CjsDecoding decodingRule() {
        return choice() == NetllmCjsScheduler.Choice.SAMPLED ? CjsDecoding.sampled(samplingTemperature())
                : CjsDecoding.GREEDY;
    }
}
