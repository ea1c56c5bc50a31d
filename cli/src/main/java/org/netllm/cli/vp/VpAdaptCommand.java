package org.netllm.cli.vp;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.adaptation.vp.VpAdaptation;
import org.netllm.adaptation.vp.VpAdaptationSettings;
import org.netllm.cli.DataDirectory;
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
            "Writes an adapter checkpoint directory usable as the predictor netllm:DIR, with training-log.txt."})
public final class VpAdaptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    VpTrainingTraces trainingTraces;

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

    @Option(names = "--mode", defaultValue = "lora", paramLabel = "MODE",
            description = "lora, frozen, full or random-init (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rank", defaultValue = "8", description = "LoRA rank r (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--steps", defaultValue = "2000", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Samples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-decay", defaultValue = "cosine", paramLabel = "constant|cosine",
            description = "Learning rate after warmup (default: ${DEFAULT-VALUE}).")
    String lrDecay;

    @Option(names = "--validate-every", defaultValue = "250", paramLabel = "N",
            description = "Steps between validations; 0: only after the last step (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--train-stride", defaultValue = "2", paramLabel = "N",
            description = "Samples between training anchors on the training traces (default: ${DEFAULT-VALUE}).")
    int trainStride;

    @Option(names = "--loss", defaultValue = "mse", paramLabel = "mse|l1",
            description = "Training loss on the normalised offsets: mse (squared) or l1 (absolute, the metric's own)"
                    + " (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapter checkpoint directory to write.")
    Path out;

    @Override
    public Integer call() {
        AdaptationMode adaptation = parseMode(mode);
        if (!VpData.isNamed(dataset)) {
            throw new InvalidInputException("--dataset " + dataset + ": adaptation needs a data set with NetLLM's "
                    + "train/valid split (Jin2022)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file; give a directory such as models/vp-minilm");
        }
        if (torchThreads < 1) {
            throw new InvalidInputException("--torch-threads must be at least 1, got " + torchThreads);
        }
        VpSamples.check(hw, pw);
        VpAdaptationSettings settings;
        try {
            settings = VpAdaptationSettings.builder().backbone(backbone).mode(adaptation).rank(rank).hw(hw).pw(pw)
                    .steps(steps).batchSize(batch).learningRate(learningRate).decay(parseDecay(lrDecay))
                    .validateEvery(validateEvery).trainStride(trainStride).loss(parseLoss(loss)).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; --rank, --steps, --batch, --train-stride must be >= 1,"
                    + " --lr > 0, --validate-every >= 0");
        }
        List<HeadTrace> training = trainingTraces.read(data, dataset);
        List<HeadTrace> validTraces = VpData.traces(data, dataset, VpSplit.Part.VALID);
        List<VpSample> validation = VpSamples.of(validTraces, hw, pw);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log);
        PrintWriter console = spec.commandLine().getOut();
        w.printf("netllm %s%n", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        w.printf("training: %d traces of %s (videos x users), validation: %d samples of %d %s valid traces"
                + " (hw %d, pw %d)%n", training.size(), trainingTraces.describe(dataset), validation.size(), validTraces.size(), dataset, hw, pw);
        console.print(log);
        console.flush();
        int printed = log.getBuffer().length();
        try (NDManager manager = NDManager.newBaseManager()) {
            VpAdaptation.Result result = VpAdaptation.run(training, validation, settings, true, manager);
            result.save(out);
            w.printf("training samples %d (anchors %d samples apart on each training trace)%n", result.trainingSamples(),
                    trainStride);
            w.printf("trained %d steps in %.1f s (%.3f s/step, validation included); trainable parameters %d of %d"
                    + " (%.2f%%)%n", steps, result.training().seconds(), result.training().seconds() / steps,
                    result.trainableParameters(), result.parameters(),
                    100.0 * result.trainableParameters() / result.parameters());
            w.printf("loss: first 10 steps %.6f, last 10 steps %.6f%n", result.training().meanLossOfFirst(10),
                    result.training().meanLossOfLast(10));
            for (double[] v : result.validations()) {
                w.printf(Locale.ROOT, "validation after step %d: MAE %.4f deg%n", (int) v[0], v[1]);
            }
            w.printf(Locale.ROOT, "kept step %d (validation MAE %.4f deg); wrote %s (use it as netllm:%s)%n",
                    result.training().bestStep(), -result.training().bestScore(), out, out);
        }
        w.flush();
        console.print(log.getBuffer().substring(printed));
        console.flush();
        try {
            Files.writeString(out.resolve("training-log.txt"), log.toString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + out.resolve("training-log.txt") + ": " + e.getMessage(), e);
        }
        return 0;
    }

    static org.netllm.adaptation.vp.VpLoss parseLoss(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "mse" -> org.netllm.adaptation.vp.VpLoss.MSE;
            case "l1" -> org.netllm.adaptation.vp.VpLoss.L1;
            default -> throw new InvalidInputException("--loss " + value + " is not one of mse, l1");
        };
    }

    static LearningRateDecay parseDecay(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "constant" -> LearningRateDecay.CONSTANT;
            case "cosine" -> LearningRateDecay.COSINE;
            default -> throw new InvalidInputException("--lr-decay " + value + " is not one of constant, cosine");
        };
    }

    static AdaptationMode parseMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "lora" -> AdaptationMode.LORA;
            case "frozen" -> AdaptationMode.FROZEN;
            case "full" -> AdaptationMode.FULL;
            case "random-init" -> AdaptationMode.RANDOM_INIT;
            default -> throw new InvalidInputException("--mode " + value + " is not one of lora, frozen, full, random-init");
        };
    }
}
