package org.netllm.adapt.rl;

import java.util.List;

/**
 * The model's answer for one session's step.
 *
 * @param action        the chosen action as a label row (a categorical leaf's entry is the action index); always
 *                      valid under the request's mask
 * @param distributions per leaf head: action probabilities (zero where masked) or the predicted values
 */
public record Decision(float[] action, List<float[]> distributions) {

    /** The first leaf's action as an index (the usual single categorical head). */
    public int actionIndex() {
        return Math.round(action[0]);
    }
}
