package org.netllm.controller.vp;

/** Angle arithmetic on the ±180° circle of roll and yaw. */
public final class Angles {

    /** Index of each angle in a {@code [roll, pitch, yaw]} row. */
    public static final int ROLL = 0;
    public static final int PITCH = 1;
    public static final int YAW = 2;

    private Angles() {
    }

    /** The angle in [−180, 180). */
    public static double wrap(double degrees) {
        double r = (degrees + 180) % 360;
        if (r < 0) {
            r += 360;
        }
        return r - 180;
    }

    /** The signed shortest turn from {@code from} to {@code to}, in [−180, 180). */
    public static double difference(double from, double to) {
        return wrap(to - from);
    }

    /** One angle of a history, unwrapped: each sample is the previous one plus the shortest turn to it. */
    public static double[] unwrapped(double[][] history, int angle) {
        double[] out = new double[history.length];
        out[0] = history[0][angle];
        for (int i = 1; i < history.length; i++) {
            out[i] = out[i - 1] + difference(history[i - 1][angle], history[i][angle]);
        }
        return out;
    }

    /** One angle of a history as it is. */
    public static double[] raw(double[][] history, int angle) {
        double[] out = new double[history.length];
        for (int i = 0; i < history.length; i++) {
            out[i] = history[i][angle];
        }
        return out;
    }
}
