package org.netllm.controller.vp;

/** What a classic extrapolator does with the yaw wrap at ±180°. */
public enum YawHandling {
    /** Fits the raw angles, as NetLLM's baselines do; a history across the wrap fits a jump. */
    RAW,
    /** Unwraps yaw over the history before fitting and wraps the prediction back into [−180, 180). */
    UNWRAPPED;

    /** The series of one angle this handling fits. */
    double[] series(double[][] history, int angle) {
        return this == UNWRAPPED && angle == Angles.YAW ? Angles.unwrapped(history, angle) : Angles.raw(history, angle);
    }

    /** A predicted value of one angle as this handling answers it. */
    double answer(double value, int angle) {
        return this == UNWRAPPED && angle == Angles.YAW ? Angles.wrap(value) : value;
    }
}
