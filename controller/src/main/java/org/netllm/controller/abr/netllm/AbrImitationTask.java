package org.netllm.controller.abr.netllm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.controller.abr.AbrObservation;

/**
 * The ABR task of a model trained to imitate an expert ({@code abr adapt --objective expert}): one decision is the
 * six state tokens of one observation (no return token, no window of past steps: the state carries the last six
 * downloads), and a categorical head over {@code levels} ladder positions. A ladder with fewer levels is padded: its
 * missing levels' next-chunk entries read {@link AbrState#DOWNLOAD_CAP} ("far too slow") and are masked out of the
 * answer. Stored as the task definition of the checkpoint.
 *
 * @param task   always {@link #NAME}, so a checkpoint says what it is
 * @param levels the most levels a ladder may have (the head's width)
 * @param state  the state definition the model reads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AbrImitationTask(String task, int levels, AbrStateDefinition state) {

    public static final String NAME = "abr-imitation";

    public AbrImitationTask {
        if (!NAME.equals(task) || levels < 2 || state == null) {
            throw new IllegalArgumentException("an ABR imitation task is {task: " + NAME + ", levels >= 2, state},"
                    + " got " + task + ", " + levels + ", " + state);
        }
    }

    /** A task over ladders of up to {@code levels} levels. */
    public static AbrImitationTask of(int levels, AbrStateDefinition state) {
        return new AbrImitationTask(NAME, levels, state);
    }

    public List<InputSpec> inputs() {
        return AbrTask.inputs(levels);
    }

    public HeadSpec head() {
        return AbrTask.head(levels);
    }

    /** The state arrays of {@code observation} in input order, the next-chunk entries padded to {@link #levels}. */
    public List<float[]> arrays(AbrObservation observation) {
        int ladder = observation.video().levels();
        if (ladder > levels) {
            throw new IllegalArgumentException("the video " + observation.video().name() + " has " + ladder
                    + " levels; this model answers at most " + levels);
        }
        List<float[]> arrays = new ArrayList<>(AbrTask.arrays(state.features(observation)));
        float[] sizes = Arrays.copyOf(arrays.get(4), levels);
        Arrays.fill(sizes, ladder, levels, (float) AbrState.DOWNLOAD_CAP);
        arrays.set(4, sizes);
        return arrays;
    }

    /** Which head positions are levels of a ladder of {@code ladder} levels. */
    public boolean[] valid(int ladder) {
        boolean[] valid = new boolean[levels];
        Arrays.fill(valid, 0, Math.min(ladder, levels), true);
        return valid;
    }
}
