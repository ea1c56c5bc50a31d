package org.netllm.cli.vp;

import java.util.Locale;
import org.netllm.adaptation.vp.VpLoss;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code --loss}: what the learned VP models minimise; shared by {@code vp adapt} and {@code vp train-track}. */
public final class VpTrainingLoss {

    @Option(names = "--loss", defaultValue = "mse", paramLabel = "mse|l1",
            description = "Training loss on the normalised offsets: mse (squared) or l1 (absolute, the metric's own)"
                    + " (default: ${DEFAULT-VALUE}).")
    String loss;

    /** {@code --loss}, parsed. */
    VpLoss loss() {
        return switch (loss.toLowerCase(Locale.ROOT)) {
            case "mse" -> VpLoss.MSE;
            case "l1" -> VpLoss.L1;
            default -> throw new InvalidInputException("--loss " + loss + " is not one of mse, l1");
        };
    }
}
