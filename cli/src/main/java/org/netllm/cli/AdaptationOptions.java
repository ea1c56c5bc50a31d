package org.netllm.cli;

import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import picocli.CommandLine.Option;

/**
 * The options the language-model adaptation commands ({@code abr adapt}, {@code vp adapt}, {@code cjs adapt})
 * share: DD-LRNA's mode and LoRA rank, the optimizer's steps and peak learning rate, and how often the weights are
 * validated. {@code --steps} and {@code --validate-every} have no common default: each command gives its own
 * through an {@link OptionDefaults} subclass.
 */
public final class AdaptationOptions {

    @Option(names = "--mode", defaultValue = "lora", paramLabel = "MODE", converter = ModeChoice.class,
            description = "lora, frozen, full or random-init (default: ${DEFAULT-VALUE}).")
    AdaptationMode mode;

    @Option(names = "--rank", defaultValue = "8", description = "LoRA rank r (default: ${DEFAULT-VALUE}).")
    int rank;

    // The field names are the help's labels (<steps>, <learningRate>): renaming them changes the usage line.
    @Option(names = "--steps", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--validate-every", paramLabel = "N",
            description = "Steps between validations; 0: only after the last step (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--weight-average", defaultValue = "0", paramLabel = "B",
            description = "Validate and keep an exponential moving average of the weights with decay B (such as"
            + " 0.995) instead of each step's weights; 0: no average (default: ${DEFAULT-VALUE}).")
    double weightAverage;

    /** Decay of the moving average of the weights (0: none). */
    public double weightAverage() {
        return weightAverage;
    }

    /** {@code --mode}, parsed. */
    public AdaptationMode mode() {
        return mode;
    }

    public int rank() {
        return rank;
    }

    public int steps() {
        return steps;
    }

    public double learningRate() {
        return learningRate;
    }

    public int validateEvery() {
        return validateEvery;
    }

    /** {@code --mode}'s choices. */
    static final class ModeChoice extends FixedChoice<AdaptationMode> {
        ModeChoice() {
            super(AdaptationMode.class);
        }
    }

    /**
     * {@code --lr-decay}'s choices: the option stays in each command, whose defaults and help differ, and names this
     * converter.
     */
    public static final class DecayChoice extends FixedChoice<LearningRateDecay> {
        public DecayChoice() {
            super(LearningRateDecay.class);
        }
    }
}
