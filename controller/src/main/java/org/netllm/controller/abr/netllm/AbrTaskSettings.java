package org.netllm.controller.abr.netllm;

import java.util.Arrays;

/**
 * What an adapted ABR model needs besides its weights, stored as the task definition of its checkpoint.
 *
 * @param bitratesKbps  the ladder it was adapted on (its head answers one of these levels)
 * @param window        steps of context (w)
 * @param returns       how rewards became returns-to-go in training; inference uses the same mapping
 * @param targetReturn  the return (in normalised-reward units, before the scale) a session starts conditioned on;
 *                      by default the pool's best session return
 */
public record AbrTaskSettings(int[] bitratesKbps, int window, ReturnScaling returns, double targetReturn) {

    public AbrTaskSettings {
        if (bitratesKbps == null || bitratesKbps.length < 2 || window < 1 || returns == null) {
            throw new IllegalArgumentException("ABR task settings need a ladder of >= 2 levels, window >= 1 and a"
                    + " return scaling, got " + Arrays.toString(bitratesKbps) + ", window " + window);
        }
        bitratesKbps = bitratesKbps.clone();
    }

    public int levels() {
        return bitratesKbps.length;
    }

    /** These settings conditioned on another target return. */
    public AbrTaskSettings withTargetReturn(double target) {
        return new AbrTaskSettings(bitratesKbps, window, returns, target);
    }

    @Override
    public int[] bitratesKbps() {
        return bitratesKbps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbrTaskSettings s && Arrays.equals(bitratesKbps, s.bitratesKbps) && window == s.window
                && returns.equals(s.returns) && Double.compare(targetReturn, s.targetReturn) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bitratesKbps) * 31 + Double.hashCode(targetReturn) + returns.hashCode() + window;
    }

    @Override
    public String toString() {
        return "AbrTaskSettings[" + Arrays.toString(bitratesKbps) + " kbps, window " + window + ", " + returns
                + ", target " + targetReturn + "]";
    }
}
