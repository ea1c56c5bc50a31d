package org.netllm.emulation.vp;

import java.nio.file.Path;

/**
 * One viewer's head movement over one 360° video, sampled at 5 Hz.
 *
 * @param video        the video number N of {@code videoN}
 * @param user         the user number M of {@code simple_5Hz_userM.csv}
 * @param file         where it was read from
 * @param orientations one row per sample: {@code [roll, pitch, yaw]} in degrees (the time column is not kept:
 *                     NetLLM ignores it, and the reader has checked that it increases)
 */
public record HeadTrace(int video, int user, Path file, double[][] orientations) {

    /** {@code videoN/userM}, as results name a trace. */
    public String name() {
        return "video" + video + "/user" + user;
    }

    /**
     * The left-right mirror image: roll and yaw negated, pitch kept. Without the video's content a viewer turning
     * left is as likely as one turning right, so this is an exact symmetry for position-only prediction (a training
     * augmentation; evaluation never mirrors).
     */
    public HeadTrace mirrored() {
        double[][] rows = new double[orientations.length][];
        for (int i = 0; i < rows.length; i++) {
            double[] r = orientations[i];
            // -(-180) is 180, still in range; 0.0 - x keeps -0.0 out of the features.
            rows[i] = new double[] {0.0 - r[0], r[1], 0.0 - r[2]};
        }
        return new HeadTrace(video, user, file, rows);
    }

    /** Samples in the trace. */
    public int length() {
        return orientations.length;
    }
}
