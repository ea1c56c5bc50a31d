package org.netllm.cli.vp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.adapt.ProgressBar;
import org.netllm.cli.FixedChoice;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.PredictorScore;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm vp eval}: every predictor on every test sample, with a table, files and plots. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate viewport predictors on a data set's NetLLM test split (or every trace of a folder).")
public final class VpEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--dataset", defaultValue = "Jin2022", paramLabel = "Jin2022|Wu2017|DIR",
            description = "Jin2022 or Wu2017 (NetLLM's test split), or a folder whose every "
                    + "videoN/5Hz/simple_5Hz_userM.csv is a test trace (default: ${DEFAULT-VALUE}).")
    String dataset;

    /** {@code --split}'s choices: the parts of a named data set that may be scored (train never is). */
    enum ScoredPart {
        TEST(VpSplit.Part.TEST), VALID(VpSplit.Part.VALID);

        final VpSplit.Part part;

        ScoredPart(VpSplit.Part part) {
            this.part = part;
        }
    }

    static final class ScoredPartChoice extends FixedChoice<ScoredPart> {
        ScoredPartChoice() {
            super(ScoredPart.class);
        }
    }

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|valid", converter = ScoredPartChoice.class,
            description = "Which NetLLM split of a named data set (default: ${DEFAULT-VALUE}); valid is for model "
                    + "selection.")
    ScoredPart split;

    @Option(names = "--hw", defaultValue = "10", description = "History samples (5 per second; default: ${DEFAULT-VALUE}).")
    int hw;

    @Option(names = "--pw", defaultValue = "20", description = "Predicted samples (default: ${DEFAULT-VALUE}).")
    int pw;

    @Option(names = "--predictors", defaultValue = "lr,velocity", split = ",", paramLabel = "SPEC",
            description = "lr, velocity, lr-unwrapped, velocity-unwrapped, track:default, track:DIR, netllm:default, "
                    + "netllm:DIR (default: ${DEFAULT-VALUE}).")
    List<String> predictors;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/vp-eval-<dataset>).")
    Path out;

    @Override
    public Integer call() {
        VpSplit.Part part = split.part;
        if (part != VpSplit.Part.TEST && !VpData.isNamed(dataset)) {
            // a folder has no split: every trace in it is scored, so a --split would silently mean nothing
            throw new InvalidInputException("--split " + FixedChoice.spelling(split) + " applies to Jin2022 and Wu2017 only; every trace "
                    + "under --dataset " + dataset + " is a test trace (leave --split out)");
        }
        List<HeadTrace> traces = VpData.traces(data, dataset, part);
        VpReport report = evaluate(predictors, traces, VpData.label(dataset), hw, pw, "vp eval");
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("vp-eval-"
                + VpData.label(dataset));
        report.write(dir);
        var stdout = spec.commandLine().getOut();
        stdout.printf("VP evaluation: %d samples of %d traces of %s%s, hw %d (%.1f s), pw %d (%.1f s); MAE in degrees,"
                        + " NetLLM's metric (pooled over samples x steps x 3 angles)%n",
                report.scores().get(0).samples().size(), traces.size(), VpData.label(dataset),
                VpData.isNamed(dataset) ? " " + FixedChoice.spelling(split) : "", hw, hw / 5.0, pw, pw / 5.0);
        report.printTable(stdout);
        stdout.println("wrote " + dir.resolve("summary.csv") + ", results.csv, mae-by-step.png, mae-cdf.png");
        stdout.flush();
        return 0;
    }

    /** Loads every predictor, scores it on the traces' samples with a progress bar, and closes it. */
    static VpReport evaluate(List<String> specs, List<HeadTrace> traces, String dataset, int hw, int pw,
                             String label) {
        List<VpSample> samples = VpSamples.of(traces, hw, pw);
        if (samples.isEmpty()) {
            // name the longest trace, so a user sees which file is short and by how much
            HeadTrace longest = traces.stream().max(java.util.Comparator.comparingInt(HeadTrace::length))
                    .orElseThrow();
            throw new InvalidInputException("the traces of " + dataset + " hold no sample: each needs more than "
                    + (VpSamples.FIRST_ANCHOR + VpSamples.END_TRIM) + " samples (5 per second), and the longest, "
                    + longest.file() + ", has " + longest.length());
        }
        ProgressBar bar = new ProgressBar(label, (long) specs.size() * samples.size());
        List<PredictorScore> scores = new ArrayList<>();
        for (int p = 0; p < specs.size(); p++) {
            ViewportPredictor predictor = VpPredictors.byName(specs.get(p), DataDirectory.projectRoot());
            long base = (long) p * samples.size();
            try {
                scores.add(VpEvaluation.score(predictor, samples, pw, done -> bar.advanceTo(base + done)));
            } finally {
                if (predictor instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        bar.finish();
        return new VpReport(dataset, hw, pw, scores);
    }
}
