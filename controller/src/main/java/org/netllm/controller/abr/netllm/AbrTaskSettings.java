package org.netllm.controller.abr.netllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.netllm.controller.abr.QoeModel;

import java.util.Arrays;

/**
 * What an adapted ABR model needs besides its weights, stored as the task definition of its checkpoint.
 *
 * <p>The context window and the return divisor are the engine's ({@code ReturnConditioning}), stored once there.
 *
 * @param bitratesKbps  the ladder it was adapted on (its head answers one of these levels)
 * @param qoe           the QoE model the pool's rewards were computed with; sessions lower their return-to-go by it
 *                      (checkpoints without it used {@link QoeModel#LINEAR})
 * @param returns       how rewards became returns-to-go in training; inference uses the same mapping
 * @param targetReturn  the return (in normalised-reward units, before the scale) a session starts conditioned on;
 *                      by default the pool's best session return
 * @param state         the state definition the model was trained on (checkpoints without it: {@code NETLLM})
 */
// Checkpoints written before the window was read from the engine's conditioning still carry it here.
@JsonIgnoreProperties({"window"})
public record AbrTaskSettings(int[] bitratesKbps, QoeModel qoe, ReturnScaling returns, double targetReturn,
                              AbrStateDefinition state) {

    public AbrTaskSettings {
        if (bitratesKbps == null || bitratesKbps.length < 2 || returns == null) {
            throw new IllegalArgumentException("ABR task settings need a ladder of >= 2 levels and a return scaling,"
                    + " got " + Arrays.toString(bitratesKbps));
        }
        bitratesKbps = bitratesKbps.clone();
        qoe = qoe == null ? QoeModel.LINEAR : qoe;
        state = state == null ? AbrStateDefinition.NETLLM : state;
    }

    public int levels() {
        return bitratesKbps.length;
    }

    /** These settings conditioned on another target return. */
    public AbrTaskSettings withTargetReturn(double target) {
        return new AbrTaskSettings(bitratesKbps, qoe, returns, target, state);
    }

    @Override
    public int[] bitratesKbps() {
        return bitratesKbps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbrTaskSettings s && Arrays.equals(bitratesKbps, s.bitratesKbps) && qoe.equals(s.qoe)
                && returns.equals(s.returns) && Double.compare(targetReturn, s.targetReturn) == 0 && state == s.state;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bitratesKbps) * 31 + Double.hashCode(targetReturn) + returns.hashCode() + qoe.hashCode()
                + state.hashCode();
    }

    @Override
    public String toString() {
        return "AbrTaskSettings[" + Arrays.toString(bitratesKbps) + " kbps, " + qoe + ", " + returns
                + ", target " + targetReturn + ", state " + state.label() + "]";
    }
}
