package org.netllm.cli.vp;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.adaptation.vp.VpAdaptation;
import org.netllm.adaptation.vp.VpAdaptationSettings;
import org.netllm.cli.AdaptationOptions;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.OptionDefaults;
import org.netllm.cli.TorchThreads;
import org.netllm.cli.ResumableRun;
import org.netllm.cli.RunOptions;
import org.netllm.cli.TrainingLog;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm vp adapt}: adapts a language model to viewport prediction (supervised DD-LRNA). */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapt a language model to viewport prediction: one token per history step, the backbone with "
                + "LoRA, a bounded head answering all pw steps in one pass, MSE on normalised angles. Trains on the "
                + "data set's training videos x users; keeps the weights with the lowest MAE on its validation split.",
            "Writes an adapter checkpoint directory usable as the predictor netllm:DIR, with training-log.txt."},
        defaultValueProvider = VpAdaptCommand.Defaults.class)
public final class VpAdaptCommand implements Callable<Integer> {

    /** This command's defaults of the shared adaptation options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--steps", "2000", "--validate-every", "250"));
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    RunOptions runOptions;

    @Mixin
    VpTrainingTraces trainingTraces;

    @Mixin
    VpTrainingLoss trainingLoss;

    @Mixin
    AdaptationOptions adaptationOptions;

    @Mixin
    TorchThreads torchThreads;

    @Option(names = "--dataset", defaultValue = "Jin2022", description = "Data set (its NetLLM train/valid split; "
            + "default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--hw", defaultValue = "10", description = "History samples (5 per second; default: ${DEFAULT-VALUE}).")
    int hw;

    @Option(names = "--pw", defaultValue = "20", description = "Predicted samples (default: ${DEFAULT-VALUE}).")
    int pw;

    @Option(names = "--backbone", defaultValue = "minilm", paramLabel = "MODEL",
            description = "minilm, bge-small, a Hugging Face checkpoint directory, or tiny (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--batch", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr-decay", defaultValue = "cosine", paramLabel = "constant|cosine",
            converter = AdaptationOptions.DecayChoice.class,
            description = "Learning rate after warmup (default: ${DEFAULT-VALUE}).")
    LearningRateDecay lrDecay;

    @Option(names = "--train-stride", defaultValue = "2", paramLabel = "N",
            description = "Samples between training anchors on the training traces (default: ${DEFAULT-VALUE}).")
    int trainStride;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapter checkpoint directory to write.")
    Path out;

    @Override
    public Integer call() {
        AdaptationMode adaptation = adaptationOptions.mode();
        if (!VpData.isNamed(dataset)) {
            throw new InvalidInputException("--dataset " + dataset + ": adaptation needs a data set with NetLLM's "
                    + "train/valid split (Jin2022)");
        }
        ModelFolder.refuseFile(out, "a directory such as models/vp-minilm");
        torchThreads.check();
        VpSamples.check(hw, pw);
        VpAdaptationSettings settings;
        try {
            settings = VpAdaptationSettings.builder().backbone(backbone).mode(adaptation)
                    .rank(adaptationOptions.rank()).hw(hw).pw(pw).steps(adaptationOptions.steps()).batchSize(batch)
                    .learningRate(adaptationOptions.learningRate()).decay(lrDecay)
                    .validateEvery(adaptationOptions.validateEvery()).trainStride(trainStride).loss(trainingLoss.loss())
                    .seed(seed).averageDecay(adaptationOptions.weightAverage()).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; --rank, --steps, --batch, --train-stride must be >= 1,"
                    + " --lr > 0, --validate-every >= 0, --weight-average in [0, 1)");
        }
        List<HeadTrace> training = trainingTraces.read(data, dataset);
        List<HeadTrace> validTraces = VpData.traces(data, dataset, VpSplit.Part.VALID);
        List<VpSample> validation = VpSamples.of(validTraces, hw, pw);
        torchThreads.apply();

        try (ResumableRun run = ResumableRun.start(spec, runOptions, out);
             TrainingLog log = new TrainingLog(spec, out, run.resumedFrom() != null)) {
            PrintWriter w = log.writer();
            if (run.resumedFrom() != null) {
                w.printf("resumed after step %d of %d%n", run.resumedFrom().step(), adaptationOptions.steps());
            }
            w.printf("training: %d traces of %s (videos x users), validation: %d samples of %d %s valid traces"
                    + " (hw %d, pw %d)%n", training.size(), trainingTraces.describe(dataset), validation.size(),
                    validTraces.size(), dataset, hw, pw);
            log.show();
            try (NDManager manager = NDManager.newBaseManager()) {
                VpAdaptation.Result result = VpAdaptation.run(training, validation, settings, true, manager,
                        run.control((step, score, best) -> {
                            w.printf(Locale.ROOT, "validation after step %d: MAE %.4f deg%n", step, -score);
                            log.show();
                        }), out);
                if (result.training().stopped()) {
                    int code = run.reportStopped(result.training(), out, w);
                    log.show();
                    return code;
                }
                result.save(out);
                w.printf("training samples %d (anchors %d samples apart on each training trace)%n",
                        result.trainingSamples(), trainStride);
                int steps = adaptationOptions.steps() - (run.resumedFrom() == null ? 0 : run.resumedFrom().step());
                w.printf("trained %d steps in %.1f s (%.3f s/step, validation included); trainable parameters %d of %d"
                        + " (%.2f%%)%n", steps, result.training().seconds(), result.training().seconds() / steps,
                        result.trainableParameters(), result.parameters(),
                        100.0 * result.trainableParameters() / result.parameters());
                w.printf("loss: first 10 steps %.6f, last 10 steps %.6f%n", result.training().meanLossOfFirst(10),
                        result.training().meanLossOfLast(10));
                w.printf(Locale.ROOT, "kept step %d (validation MAE %.4f deg); wrote %s (use it as netllm:%s)%n",
                        result.training().bestStep(), -result.training().bestScore(), out, out);
            }
            log.save(out);
        }
        return 0;
    }
}
