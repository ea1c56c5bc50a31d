package org.netllm.actors.vp;

/**
 * One head orientation of a viewer, as the 360° player samples it (5 Hz).
 *
 * @param t     seconds on the player's clock, increasing
 * @param roll  degrees in [−180, 180]
 * @param pitch degrees in [−90, 90]
 * @param yaw   degrees in [−180, 180] (wraps at ±180)
 */
public record OrientationSample(double t, double roll, double pitch, double yaw) {

    /** {@code [roll, pitch, yaw]}, the row layout predictors use. */
    public double[] angles() {
        return new double[] {roll, pitch, yaw};
    }

    /** What is wrong with this sample, or null when it is valid. */
    public String problem() {
        if (!Double.isFinite(t) || !Double.isFinite(roll) || !Double.isFinite(pitch) || !Double.isFinite(yaw)) {
            return "t, roll, pitch and yaw must be finite numbers, got " + this;
        }
        if (pitch < -90 || pitch > 90) {
            return "pitch " + pitch + " is outside [-90, 90]";
        }
        if (roll < -180 || roll > 180 || yaw < -180 || yaw > 180) {
            return "roll " + roll + " and yaw " + yaw + " must lie in [-180, 180]";
        }
        return null;
    }
}
