package org.netllm.controller.vp.learned;

import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.head.HeadSpec;

/**
 * NetLLM's viewport prediction as the engine sees it: one token per history step (its {@link HistoryFeatures}),
 * and a bounded regression head answering all pw future orientations in one pass as offsets from the last sample.
 *
 * @param task   always {@value #NAME}, so a checkpoint of another task is recognised
 * @param hw     history samples the model reads
 * @param pw     future samples one pass answers
 * @param inputs the input encoding's name ({@value #INPUTS})
 */
public record VpTask(String task, int hw, int pw, String inputs) {

    public static final String NAME = "vp";
    /** The input encoding {@link HistoryFeatures} implements. */
    public static final String INPUTS = "offsets-to-last-unwrapped+steps+absolute-roll-pitch";
    /** The head's range in target units: offsets up to ±{@code 2·TARGET_SCALE} = ±360°. */
    public static final float BOUND = 2f;

    public VpTask {
        if (hw < 1 || pw < 1) {
            throw new IllegalArgumentException("a VP task needs hw, pw >= 1, got " + hw + ", " + pw);
        }
    }

    public static VpTask of(int hw, int pw) {
        return new VpTask(NAME, hw, pw, INPUTS);
    }

    /** One scalar input of {@value HistoryFeatures#WIDTH} features per history step, oldest first. */
    public List<InputSpec> inputSpecs() {
        List<InputSpec> specs = new ArrayList<>(hw);
        for (int i = 0; i < hw; i++) {
            specs.add(InputSpec.scalar("step" + i, HistoryFeatures.WIDTH));
        }
        return specs;
    }

    /** pw × 3 offsets within ±{@link #BOUND}. */
    public HeadSpec head() {
        return new HeadSpec.BoundedRegression(pw * 3, -BOUND, BOUND);
    }

    /** The encoder's arrays for one history (its last hw rows). */
    public List<float[]> arrays(double[][] history) {
        return java.util.Arrays.asList(HistoryFeatures.of(history, hw));
    }
}
