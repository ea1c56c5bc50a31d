package org.netllm.cli.vp;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.adapt.ProgressBar;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.VpPredictors;
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

/** {@code netllm vp unseen}: the default setting and the paper's three unseen settings (Table 2) in one table. */
@Command(name = "unseen", mixinStandardHelpOptions = true,
        description = "Evaluate viewport predictors on the default setting (Jin2022, hw 10, pw 20) and NetLLM's three"
                + " unseen settings: Jin2022 hw 20 pw 30, Wu2017 hw 10 pw 20, Wu2017 hw 20 pw 30 (test splits).")
public final class VpUnseenCommand implements Callable<Integer> {

    /** One row of the grid. */
    record Setting(String label, String dataset, int hw, int pw) {
    }

    static final List<Setting> GRID = List.of(
            new Setting("default: Jin2022 hw 10 pw 20", VpSplit.JIN2022, 10, 20),
            new Setting("1: Jin2022 hw 20 pw 30", VpSplit.JIN2022, 20, 30),
            new Setting("2: Wu2017 hw 10 pw 20", VpSplit.WU2017, 10, 20),
            new Setting("3: Wu2017 hw 20 pw 30", VpSplit.WU2017, 20, 30));

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--predictors", defaultValue = "lr,velocity", split = ",", paramLabel = "SPEC",
            description = "Predictors, as for 'vp eval' (default: ${DEFAULT-VALUE}).")
    List<String> predictors;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/vp-unseen).")
    Path out;

    @Override
    public Integer call() {
        Map<Setting, List<VpSample>> samples = new LinkedHashMap<>();
        long total = 0;
        for (Setting s : GRID) {
            List<VpSample> list = VpSamples.of(VpData.traces(data, s.dataset(), VpSplit.Part.TEST), s.hw(), s.pw());
            samples.put(s, list);
            total += list.size();
        }
        ProgressBar bar = new ProgressBar("vp unseen", total * predictors.size());
        Map<Setting, List<PredictorScore>> scores = new LinkedHashMap<>();
        GRID.forEach(s -> scores.put(s, new ArrayList<>()));
        long done = 0;
        for (String name : predictors) {
            ViewportPredictor predictor = VpPredictors.byName(name, DataDirectory.projectRoot());
            try {
                for (Setting s : GRID) {
                    long base = done;
                    scores.get(s).add(VpEvaluation.score(predictor, samples.get(s), s.pw(),
                            d -> bar.advanceTo(base + d)));
                    done += samples.get(s).size();
                }
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
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("vp-unseen");
        List<String> lines = new ArrayList<>();
        lines.add(VpReport.SUMMARY_HEADER);
        for (Setting s : GRID) {
            lines.addAll(new VpReport(s.dataset(), s.hw(), s.pw(), scores.get(s)).summaryRows());
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("unseen.csv"), lines);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + dir.resolve("unseen.csv") + ": " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("VP unseen settings (NetLLM's Table 2), test splits; MAE in degrees (orthodromic in brackets)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-30s %7s", "setting", "samples"));
        for (String p : predictors) {
            header.append(String.format(Locale.ROOT, " %20s", p));
        }
        w.println(header);
        for (Setting s : GRID) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-30s %7d", s.label(),
                    samples.get(s).size()));
            for (PredictorScore score : scores.get(s)) {
                row.append(String.format(Locale.ROOT, " %9.3f (%8.3f)", score.mae(), score.orthodromic()));
            }
            w.println(row);
        }
        w.println("wrote " + dir.resolve("unseen.csv"));
        w.flush();
        return 0;
    }
}
