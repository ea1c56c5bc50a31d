package org.netllm.cli.vp;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adaptation.vp.TrackTraining;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.TrainingLog;
import org.netllm.adapt.ProgressBar;
import org.netllm.controller.vp.learned.TrackPredictor;
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

/** {@code netllm vp train-track}: trains the TRACK (position-only) baseline. */
@Command(name = "train-track", mixinStandardHelpOptions = true,
        description = {"Train TRACK (position-only): a seq2seq LSTM over the head positions (TRACK without its saliency"
                + " branch), on the data set's training videos x users; keeps the weights with the lowest MAE on its "
                + "validation split.", "Writes a folder usable as the predictor track:DIR, with training-log.txt."})
public final class VpTrainTrackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    VpTrainingTraces trainingTraces;

    @Mixin
    VpTrainingLoss trainingLoss;

    @Option(names = "--dataset", defaultValue = "Jin2022", description = "Data set (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--hw", defaultValue = "10", description = "History samples (default: ${DEFAULT-VALUE}).")
    int hw;

    @Option(names = "--pw", defaultValue = "20", description = "Predicted samples (default: ${DEFAULT-VALUE}).")
    int pw;

    @Option(names = "--hidden", defaultValue = "64", description = "LSTM state width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--steps", defaultValue = "3000", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--validate-every", defaultValue = "250", description = "Steps between validations "
            + "(default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--train-stride", defaultValue = "2", description = "Samples between training anchors "
            + "(default: ${DEFAULT-VALUE}).")
    int trainStride;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Override
    public Integer call() {
        if (!VpData.isNamed(dataset)) {
            throw new InvalidInputException("--dataset " + dataset + ": training needs a data set with NetLLM's "
                    + "train/valid split (Jin2022)");
        }
        ModelFolder.refuseFile(out, "a directory such as models/vp-track");
        VpSamples.check(hw, pw);
        TrackTraining.Settings settings;
        try {
            settings = new TrackTraining.Settings(hidden, hw, pw, steps, batch, learningRate, validateEvery,
                    trainStride, trainingLoss.loss(), seed);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; --hidden, --steps, --batch, --validate-every, "
                    + "--train-stride must be >= 1 and --lr > 0");
        }
        List<HeadTrace> training = trainingTraces.read(data, dataset);
        List<HeadTrace> validTraces = VpData.traces(data, dataset, VpSplit.Part.VALID);
        List<VpSample> validation = VpSamples.of(validTraces, hw, pw);
        TrainingLog log = new TrainingLog(spec);
        PrintWriter w = log.writer();
        w.printf("training: %d traces of %s, validation: %d samples of %d %s valid traces (hw %d, pw %d)%n",
                training.size(), trainingTraces.describe(dataset), validation.size(), validTraces.size(), dataset, hw, pw);
        log.show();
        ProgressBar bar = new ProgressBar("train-track", steps);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrackTraining.Result r = TrackTraining.run(training, validation, settings,
                    (step, loss, note) -> bar.advanceTo(step), manager);
            bar.finish();
            TrackPredictor.save(out, r.model(), settings.config());
            w.printf(Locale.ROOT, "training samples %d; %d parameters; %d steps in %.1f s (validation included)%n",
                    r.trainingSamples(), r.parameters(), steps, r.seconds());
            for (double[] v : r.validations()) {
                w.printf(Locale.ROOT, "validation after step %d: MAE %.4f deg%n", (int) v[0], v[1]);
            }
            w.printf(Locale.ROOT, "kept step %d (validation MAE %.4f deg); wrote %s (use it as track:%s)%n",
                    r.bestStep(), r.bestMae(), out, out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + out + ": " + e.getMessage(), e);
        }
        log.save(out);
        return 0;
    }
}
