package org.netllm.emulation.vp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.errors.InvalidInputException;

/**
 * NetLLM's sampling of a trace: anchors {@code t = 30, 45, 60, …} while {@code t < length − 60}; the trims stay
 * fixed whatever the windows, so every (hw, pw) setting predicts from the same anchors.
 */
public final class VpSamples {

    /** The first anchor. */
    public static final int FIRST_ANCHOR = 30;
    /** Samples between anchors. */
    public static final int STRIDE = 15;
    /** Anchors stay this many samples before a trace's end. */
    public static final int END_TRIM = 60;

    private VpSamples() {
    }

    /** The samples of every trace, trace by trace, anchors in order. */
    public static List<VpSample> of(List<HeadTrace> traces, int hw, int pw) {
        check(hw, pw);
        List<VpSample> samples = new ArrayList<>();
        for (HeadTrace trace : traces) {
            samples.addAll(of(trace, hw, pw));
        }
        return samples;
    }

    /** One trace's samples. */
    public static List<VpSample> of(HeadTrace trace, int hw, int pw) {
        check(hw, pw);
        List<VpSample> samples = new ArrayList<>();
        double[][] o = trace.orientations();
        for (int t = FIRST_ANCHOR; t < o.length - END_TRIM; t += STRIDE) {
            samples.add(new VpSample(trace.name(), trace.video(), trace.user(), t, copy(o, t - hw, t),
                    copy(o, t, t + pw)));
        }
        return samples;
    }

    /**
     * Every window of a trace whose history and future fit, anchors {@code hw, hw + stride, …} (denser than the
     * evaluation's anchors: for training on training traces only).
     */
    public static List<VpSample> dense(HeadTrace trace, int hw, int pw, int stride) {
        check(hw, pw);
        if (stride < 1) {
            throw new InvalidInputException("--train-stride " + stride + " must be at least 1");
        }
        List<VpSample> samples = new ArrayList<>();
        double[][] o = trace.orientations();
        for (int t = hw; t + pw <= o.length; t += stride) {
            samples.add(new VpSample(trace.name(), trace.video(), trace.user(), t, copy(o, t - hw, t),
                    copy(o, t, t + pw)));
        }
        return samples;
    }

    /** Windows the fixed trims cannot hold are refused: the history must start at or after the first sample. */
    public static void check(int hw, int pw) {
        if (hw < 1) {
            throw new InvalidInputException("--hw " + hw + " must be at least 1 (samples of history, 5 per second)");
        }
        if (pw < 1) {
            throw new InvalidInputException("--pw " + pw + " must be at least 1 (samples to predict, 5 per second)");
        }
        if (hw > FIRST_ANCHOR) {
            throw new InvalidInputException("--hw " + hw + " is too long: the first anchor is sample " + FIRST_ANCHOR
                    + ", so at most " + FIRST_ANCHOR + " samples of history exist");
        }
        if (pw > END_TRIM) {
            throw new InvalidInputException("--pw " + pw + " is too long: anchors stop " + END_TRIM
                    + " samples before a trace's end, so at most " + END_TRIM + " samples can be predicted");
        }
    }

    private static double[][] copy(double[][] rows, int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = Arrays.copyOf(rows[i], 3);
        }
        return out;
    }
}
