package org.netllm.controller.vp.learned;

import org.netllm.controller.vp.Angles;

/**
 * The wrap-safe view of a history that the learned predictors read, and their residual targets.
 *
 * <p>Per history step, {@value #WIDTH} features: the offset to the last sample of roll, pitch and yaw (roll and yaw
 * unwrapped over the history first, so a crossing of ±180° is a small step, not a 360° jump) over
 * {@value #OFFSET_SCALE}°; the step's own change of each angle (0 for the first step) over {@value #STEP_SCALE}°;
 * and the absolute roll and pitch over 90° (where the viewer looks vertically matters; absolute yaw does not
 * without the video's content, and it is the angle that wraps). Predictions are offsets from the last sample,
 * unwrapped along the future, over {@value #TARGET_SCALE}°; they are wrapped back (roll, yaw) or clamped
 * (pitch) when answered.
 */
public final class HistoryFeatures {

    /** Features per history step. */
    public static final int WIDTH = 8;
    /** Degrees per unit of the offset features. */
    public static final double OFFSET_SCALE = 45;
    /** Degrees per unit of the per-step change features. */
    public static final double STEP_SCALE = 10;
    /** Degrees per unit of the predicted offsets. */
    public static final double TARGET_SCALE = 180;

    private HistoryFeatures() {
    }

    /** The last {@code hw} rows of a history as {@code hw} feature rows; the history must hold at least hw rows. */
    public static float[][] of(double[][] history, int hw) {
        if (history.length < hw) {
            throw new IllegalArgumentException("a history of " + history.length + " samples, the model reads " + hw);
        }
        double[][] recent = java.util.Arrays.copyOfRange(history, history.length - hw, history.length);
        double[][] series = {Angles.unwrapped(recent, Angles.ROLL), Angles.raw(recent, Angles.PITCH),
            Angles.unwrapped(recent, Angles.YAW)};
        float[][] out = new float[hw][WIDTH];
        for (int i = 0; i < hw; i++) {
            for (int a = 0; a < 3; a++) {
                out[i][a] = (float) ((series[a][i] - series[a][hw - 1]) / OFFSET_SCALE);
                out[i][3 + a] = i == 0 ? 0f : (float) ((series[a][i] - series[a][i - 1]) / STEP_SCALE);
            }
            out[i][6] = (float) (recent[i][Angles.ROLL] / 90);
            out[i][7] = (float) (recent[i][Angles.PITCH] / 90);
        }
        return out;
    }

    /** The training target: each future row's offset from the history's last row, unwrapped along the future. */
    public static float[] target(double[][] history, double[][] future) {
        double[] last = history[history.length - 1];
        float[] out = new float[future.length * 3];
        double[] previous = last.clone();
        double[] unwrapped = last.clone();
        for (int k = 0; k < future.length; k++) {
            for (int a = 0; a < 3; a++) {
                unwrapped[a] += a == Angles.PITCH ? future[k][a] - previous[a] : Angles.difference(previous[a], future[k][a]);
                previous[a] = future[k][a];
                out[k * 3 + a] = (float) ((unwrapped[a] - last[a]) / TARGET_SCALE);
            }
        }
        return out;
    }

    /** Offsets (k·3 + angle, in target units) as valid orientations: roll and yaw wrapped, pitch clamped. */
    public static double[][] orientations(double[][] history, float[] offsets, int steps) {
        double[] last = history[history.length - 1];
        double[][] out = new double[steps][3];
        for (int k = 0; k < steps; k++) {
            out[k][Angles.ROLL] = Angles.wrap(last[Angles.ROLL] + offsets[k * 3] * TARGET_SCALE);
            out[k][Angles.PITCH] = Math.max(-90, Math.min(90, last[Angles.PITCH] + offsets[k * 3 + 1] * TARGET_SCALE));
            out[k][Angles.YAW] = Angles.wrap(last[Angles.YAW] + offsets[k * 3 + 2] * TARGET_SCALE);
        }
        return out;
    }
}
