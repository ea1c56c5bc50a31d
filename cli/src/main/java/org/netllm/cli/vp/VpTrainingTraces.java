package org.netllm.cli.vp;

import java.util.ArrayList;
import java.util.List;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * Which traces the learned VP models train on: the train parts of one or more data sets (never a test or validation
 * video or user), optionally with their left-right mirror images. Shared by {@code vp adapt} and {@code vp
 * train-track}, so both models can be trained on the same data.
 */
public final class VpTrainingTraces {

    @Option(names = "--train-datasets", split = ",", paramLabel = "SET[,SET]",
            description = "Data sets whose train parts are trained on: Jin2022 (NetLLM's), Wu2017 (videos 1, 4, 6, 7,"
                    + " 9 x the 29 users in neither its test nor its validation part, less one with a broken trace) (default: the --dataset).")
    List<String> datasets;

    /** {@code --augment}'s choices. */
    enum Augment { NONE, MIRROR }

    @Option(names = "--augment", defaultValue = "none", paramLabel = "none|mirror", converter = AugmentChoice.class,
            description = "mirror: add each training trace's left-right mirror image (roll and yaw negated)"
                    + " (default: ${DEFAULT-VALUE}).")
    Augment augment;

    /** The training traces, read from the train parts; {@code dataset} is the default when none is named. */
    List<HeadTrace> read(DataDirectory data, String dataset) {
        boolean mirror = augment == Augment.MIRROR;
        List<HeadTrace> traces = new ArrayList<>();
        for (String name : names(dataset)) {
            if (!VpData.isNamed(name)) {
                throw new InvalidInputException("--train-datasets " + name + " is not one of " + VpSplit.JIN2022 + ", "
                        + VpSplit.WU2017);
            }
            traces.addAll(VpData.traces(data, name, VpSplit.Part.TRAIN));
        }
        if (mirror) {
            traces.addAll(traces.stream().map(HeadTrace::mirrored).toList());
        }
        return traces;
    }

    /** What the training log says about the traces, e.g. {@code Jin2022+Wu2017 train, mirrored}. */
    String describe(String dataset) {
        return String.join("+", names(dataset)) + " train" + (augment == Augment.MIRROR ? " with mirror images" : "");
    }

    static final class AugmentChoice extends FixedChoice<Augment> {
        AugmentChoice() {
            super(Augment.class);
        }
    }

    private List<String> names(String dataset) {
        return datasets == null || datasets.isEmpty() ? List.of(dataset) : datasets;
    }
}
