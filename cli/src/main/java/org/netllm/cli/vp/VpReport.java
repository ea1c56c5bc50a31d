package org.netllm.cli.vp;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.netllm.cli.NameColumn;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.emulation.vp.PredictorScore;
import org.netllm.emulation.vp.SampleScore;

/**
 * The files and table of a VP evaluation: {@code summary.csv}, {@code results.csv} (one row per predictor and
 * sample), {@code mae-by-step.png}, {@code mae-cdf.png} and a console table.
 */
final class VpReport {

    static final String SUMMARY_HEADER =
            "predictor,dataset,hw,pw,samples,mae_deg,mae_roll_deg,mae_pitch_deg,mae_yaw_deg,orthodromic_deg";
    static final String RESULTS_HEADER = "predictor,dataset,video,user,anchor,mae_deg,orthodromic_deg";

    private final String dataset;
    private final int hw;
    private final int pw;
    private final List<PredictorScore> scores;

    VpReport(String dataset, int hw, int pw, List<PredictorScore> scores) {
        this.dataset = dataset;
        this.hw = hw;
        this.pw = pw;
        this.scores = List.copyOf(scores);
    }

    List<PredictorScore> scores() {
        return scores;
    }

    /** One summary.csv row per predictor. */
    List<String> summaryRows() {
        List<String> out = new ArrayList<>();
        for (PredictorScore s : scores) {
            out.add(CsvFile.line(s.predictor(), dataset, Integer.toString(hw), Integer.toString(pw),
                    Integer.toString(s.samples().size()), num(s.mae()), num(s.angleMae(0)), num(s.angleMae(1)),
                    num(s.angleMae(2)), num(s.orthodromic())));
        }
        return out;
    }

    /** Writes the four files into {@code dir} (created if needed). */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            List<String> summary = new ArrayList<>();
            summary.add(SUMMARY_HEADER);
            summary.addAll(summaryRows());
            Files.write(dir.resolve("summary.csv"), summary);
            List<String> results = new ArrayList<>();
            results.add(RESULTS_HEADER);
            for (PredictorScore s : scores) {
                for (SampleScore r : s.samples()) {
                    results.add(CsvFile.line(s.predictor(), dataset, Integer.toString(r.sample().video()),
                            Integer.toString(r.sample().user()), Integer.toString(r.sample().anchor()), num(r.mae()),
                            num(r.orthodromic())));
                }
            }
            Files.write(dir.resolve("results.csv"), results);
            String setting = String.format(Locale.ROOT, "%s, hw %d, pw %d", dataset, hw, pw);
            writeByStep(dir.resolve("mae-by-step.png"), "MAE by prediction step (" + setting + ")");
            writeCdf(dir.resolve("mae-cdf.png"), "CDF of per-sample MAE (" + setting + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation files to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeByStep(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("prediction step (0.2 s each)").yAxisTitle("MAE (degrees)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (PredictorScore s : scores) {
            double[] mae = s.stepMae();
            double[] x = new double[mae.length];
            for (int k = 0; k < mae.length; k++) {
                x[k] = k + 1;
            }
            chart.addSeries(s.predictor(), x, mae).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void writeCdf(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("per-sample MAE (degrees)").yAxisTitle("CDF").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        for (PredictorScore s : scores) {
            double[] mae = s.sortedMae();
            double[] x = new double[mae.length * 2];
            double[] y = new double[mae.length * 2];
            for (int i = 0; i < mae.length; i++) {
                x[2 * i] = mae[i];
                y[2 * i] = i / (double) mae.length;
                x[2 * i + 1] = mae[i];
                y[2 * i + 1] = (i + 1) / (double) mae.length;
            }
            chart.addSeries(s.predictor() + String.format(Locale.ROOT, " (mean %.2f)", s.mae()), x, y)
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The console table: per predictor, samples, MAE mean/p50/p90 over samples, per-angle MAE, orthodromic. */
    void printTable(PrintWriter out) {
        String name = NameColumn.format(24, scores.stream().map(PredictorScore::predictor).toList());
        out.printf(Locale.ROOT, name + " %7s %8s %8s %8s | %8s %8s %8s | %11s%n", "predictor", "samples", "MAE mean",
                "p50", "p90", "roll", "pitch", "yaw", "orthodromic");
        for (PredictorScore s : scores) {
            out.printf(Locale.ROOT, name + " %7d %8.3f %8.3f %8.3f | %8.3f %8.3f %8.3f | %11.3f%n", s.predictor(),
                    s.samples().size(), s.mae(), s.maeQuantile(0.5), s.maeQuantile(0.9), s.angleMae(0), s.angleMae(1),
                    s.angleMae(2), s.orthodromic());
        }
    }

    /** Nine significant digits, locale-independent. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
