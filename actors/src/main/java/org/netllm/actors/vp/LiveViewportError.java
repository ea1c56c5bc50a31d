package org.netllm.actors.vp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.netllm.emulation.vp.ViewportError;
import org.netllm.emulation.vp.VpSamples;

/**
 * The live error of one viewer's predictions, scored as the samples they predicted arrive, with NetLLM's
 * wrap-aware element error pooled over steps and angles. Two figures: over NetLLM's anchors only (the prediction
 * after sample t−1 for t = 30, 45, …, counted once sample t + 60 exists, as {@code vp eval} samples a trace, so for
 * a whole trace it equals that trace's offline MAE when the same predictor answered), and over every prediction
 * whose future has arrived. Not threadsafe (one actor owns it).
 */
final class LiveViewportError {

    private record Pending(int index, double[][] orientations) {
    }

    private final int pw;
    // Only the samples a pending prediction can still be scored against are kept: the list starts at `offset`.
    private final List<double[]> samples = new ArrayList<>();
    private int offset;
    private final Deque<Pending> awaitingFuture = new ArrayDeque<>();
    private final Deque<Pending> awaitingAnchorTrim = new ArrayDeque<>();
    private double allSum;
    private long allElements;
    private double anchorSum;
    private long anchorElements;
    private int scoredAnchors;

    private final java.util.function.DoubleConsumer scored;

    /** @param scored hears each prediction's mean absolute error (degrees) once its future has arrived */
    LiveViewportError(int pw, java.util.function.DoubleConsumer scored) {
        this.pw = pw;
        this.scored = scored;
    }

    /** Sample number {@code samples()} arrived: scores the predictions it completes. */
    void arrived(double[] angles) {
        samples.add(angles.clone());
        int index = offset + samples.size() - 1;
        while (!awaitingFuture.isEmpty() && awaitingFuture.peekFirst().index() + pw <= index) {
            Pending p = awaitingFuture.pollFirst();
            double error = error(p);
            allSum += error;
            allElements += 3L * pw;
            scored.accept(error / (3.0 * pw));
        }
        while (!awaitingAnchorTrim.isEmpty() && awaitingAnchorTrim.peekFirst().index() + 1 + VpSamples.END_TRIM <= index) {
            Pending p = awaitingAnchorTrim.pollFirst();
            anchorSum += error(p);
            anchorElements += 3L * pw;
            scoredAnchors++;
        }
        forgetUnneeded(index);
    }

    private void forgetUnneeded(int latest) {
        // A prediction made later than `latest` needs samples after it only; pending ones need theirs.
        int keepFrom = latest;
        if (!awaitingFuture.isEmpty()) {
            keepFrom = Math.min(keepFrom, awaitingFuture.peekFirst().index() + 1);
        }
        if (!awaitingAnchorTrim.isEmpty()) {
            keepFrom = Math.min(keepFrom, awaitingAnchorTrim.peekFirst().index() + 1);
        }
        if (keepFrom - offset > 1024) {
            samples.subList(0, keepFrom - offset).clear();
            offset = keepFrom;
        }
    }

    /** A prediction made after sample {@code index} (the latest one). */
    void predicted(int index, double[][] orientations) {
        Pending p = new Pending(index, orientations);
        awaitingFuture.addLast(p);
        if (isAnchor(index + 1)) {
            awaitingAnchorTrim.addLast(p);
        }
    }

    /** Whether t is one of NetLLM's anchors (30, 45, 60, …). */
    static boolean isAnchor(int t) {
        return t >= VpSamples.FIRST_ANCHOR && (t - VpSamples.FIRST_ANCHOR) % VpSamples.STRIDE == 0;
    }

    /** Pooled MAE in degrees over every scored prediction, NaN before the first. */
    double mae() {
        return allElements == 0 ? Double.NaN : allSum / allElements;
    }

    /** Pooled MAE in degrees over the scored anchors, NaN before the first. */
    double anchorMae() {
        return anchorElements == 0 ? Double.NaN : anchorSum / anchorElements;
    }

    int scoredAnchors() {
        return scoredAnchors;
    }

    /** Samples seen so far. */
    int samples() {
        return offset + samples.size();
    }

    private double error(Pending p) {
        double sum = 0;
        for (int k = 0; k < pw; k++) {
            double[] actual = samples.get(p.index() + 1 + k - offset);
            for (int a = 0; a < 3; a++) {
                sum += ViewportError.element(actual[a], p.orientations()[k][a]);
            }
        }
        return sum;
    }
}
