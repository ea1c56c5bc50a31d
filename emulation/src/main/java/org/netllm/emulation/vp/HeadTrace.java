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

    /** Samples in the trace. */
    public int length() {
        return orientations.length;
    }
}
