package org.netllm.cli.vp;

import org.netllm.adaptation.vp.VpLoss;
import org.netllm.cli.FixedChoice;
import picocli.CommandLine.Option;

/** {@code --loss}: what the learned VP models minimise; shared by {@code vp adapt} and {@code vp train-track}. */
public final class VpTrainingLoss {

    @Option(names = "--loss", defaultValue = "mse", paramLabel = "mse|l1", converter = LossChoice.class,
            description = "Training loss on the normalised offsets: mse (squared) or l1 (absolute, the metric's own)"
                    + " (default: ${DEFAULT-VALUE}).")
    VpLoss loss;

    VpLoss loss() {
        return loss;
    }

    static final class LossChoice extends FixedChoice<VpLoss> {
        LossChoice() {
            super(VpLoss.class);
        }
    }
}
