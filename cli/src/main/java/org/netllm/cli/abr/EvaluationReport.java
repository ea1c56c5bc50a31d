package org.netllm.cli.abr;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.netllm.emulation.csv.CsvFile;

/**
 * The files and table of an ABR evaluation: {@code results.csv} (one row per policy and trace),
 * {@code summary.csv}, {@code qoe-cdf.png} and a console table. Shared by {@code abr eval} and the testbed.
 */
public final class EvaluationReport {

    public static final String RESULTS_HEADER = "policy,trace,qoe,bitrate_mbps,rebuffer_s,smoothness_mbps";
    public static final String SUMMARY_HEADER = "policy,sessions,qoe_mean,qoe_p10,qoe_p50,qoe_p90,"
            + "bitrate_mbps_mean,bitrate_mbps_p10,bitrate_mbps_p50,bitrate_mbps_p90,"
            + "rebuffer_s_mean,rebuffer_s_p10,rebuffer_s_p50,rebuffer_s_p90,"
            + "smoothness_mbps_mean,smoothness_mbps_p10,smoothness_mbps_p50,smoothness_mbps_p90";

    private final List<SessionRow> rows;
    private final List<PolicySummary> summaries;
    private final Map<String, Double> msPerDecision;

    /** Rows in policy order, each policy's traces in file-name order. */
    public EvaluationReport(List<SessionRow> rows) {
        this(rows, Map.of());
    }

    /**
     * Rows and, per policy, the mean wall time of one decision in ms (sessions' wall time over their decisions,
     * simulator included); the table and summary.csv show that column when it is given.
     */
    public EvaluationReport(List<SessionRow> rows, Map<String, Double> msPerDecision) {
        this.rows = List.copyOf(rows);
        this.msPerDecision = Map.copyOf(msPerDecision);
        Map<String, List<SessionRow>> byPolicy = new LinkedHashMap<>();
        for (SessionRow row : rows) {
            byPolicy.computeIfAbsent(row.policy(), p -> new ArrayList<>()).add(row);
        }
        this.summaries = byPolicy.entrySet().stream().map(e -> PolicySummary.of(e.getKey(), e.getValue())).toList();
    }

    public List<SessionRow> rows() {
        return rows;
    }

    public List<PolicySummary> summaries() {
        return summaries;
    }

    /** The policy's mean wall time of one decision in ms, NaN when not measured. */
    public double msPerDecision(String policy) {
        return msPerDecision.getOrDefault(policy, Double.NaN);
    }

    /** Writes results.csv, summary.csv and qoe-cdf.png into {@code dir} (created if needed). */
    public void write(Path dir, String title) {
        try {
            Files.createDirectories(dir);
            List<String> lines = new ArrayList<>(rows.size() + 1);
            lines.add(RESULTS_HEADER);
            for (SessionRow r : rows) {
                lines.add(CsvFile.line(r.policy(), r.trace(), num(r.qoe()), num(r.bitrateMbps()),
                        num(r.rebufferSeconds()), num(r.smoothnessMbps())));
            }
            Files.write(dir.resolve("results.csv"), lines);
            List<String> summary = new ArrayList<>();
            summary.add(SUMMARY_HEADER + (msPerDecision.isEmpty() ? "" : ",ms_per_decision"));
            for (PolicySummary s : summaries) {
                List<String> cells = new ArrayList<>(List.of(s.policy(), Integer.toString(s.sessions())));
                for (PolicySummary.Stats st : List.of(s.qoe(), s.bitrateMbps(), s.rebufferSeconds(), s.smoothnessMbps())) {
                    cells.addAll(List.of(num(st.mean()), num(st.p10()), num(st.p50()), num(st.p90())));
                }
                if (!msPerDecision.isEmpty()) {
                    cells.add(num(msPerDecision.getOrDefault(s.policy(), Double.NaN)));
                }
                summary.add(CsvFile.line(cells));
            }
            Files.write(dir.resolve("summary.csv"), summary);
            writeCdf(dir.resolve("qoe-cdf.png"), title);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation files to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A CDF of session QoE per policy, as the paper's figures show them. */
    private void writeCdf(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("session QoE").yAxisTitle("CDF").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        for (PolicySummary s : summaries) {
            double[] qoe = rows.stream().filter(r -> r.policy().equals(s.policy())).mapToDouble(SessionRow::qoe)
                    .sorted().toArray();
            double[] x = new double[qoe.length * 2];
            double[] y = new double[qoe.length * 2];
            for (int i = 0; i < qoe.length; i++) {
                x[2 * i] = qoe[i];
                y[2 * i] = i / (double) qoe.length;
                x[2 * i + 1] = qoe[i];
                y[2 * i + 1] = (i + 1) / (double) qoe.length;
            }
            chart.addSeries(s.policy() + String.format(Locale.ROOT, " (mean %.3f)", s.qoe().mean()), x, y)
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The console table: per policy, mean/p10/p50/p90 of QoE and mean of each part. */
    public void printTable(PrintWriter out) {
        boolean costs = !msPerDecision.isEmpty();
        out.printf(Locale.ROOT, "%-28s %8s %8s %8s %8s %8s | %12s %12s %14s%s%n", "policy", "sessions", "QoE mean",
                "p10", "p50", "p90", "bitrate Mbps", "rebuffer s", "smoothness Mbps", costs ? " | ms/decision" : "");
        for (PolicySummary s : summaries) {
            String cost = costs ? String.format(Locale.ROOT, " | %11.3f", msPerDecision.getOrDefault(s.policy(),
                    Double.NaN)) : "";
            out.printf(Locale.ROOT, "%-28s %8d %8.4f %8.4f %8.4f %8.4f | %12.4f %12.4f %14.4f%s%n", s.policy(),
                    s.sessions(), s.qoe().mean(), s.qoe().p10(), s.qoe().p50(), s.qoe().p90(), s.bitrateMbps().mean(),
                    s.rebufferSeconds().mean(), s.smoothnessMbps().mean(), cost);
        }
    }

    /** At least 12 significant digits, locale-independent. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }
}
