package org.netllm.cli.cjs;

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
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.netllm.cli.NameColumn;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.OccupancyLog;
import org.netllm.emulation.csv.CsvFile;

/**
 * The files and table of a CJS evaluation: {@code results.csv} (one row per scheduler and episode),
 * {@code jobs.csv} (one row per job), {@code jct-cdf.png} (the paper's Figure 10 style) and
 * {@code executors.png} (executors per job over time in the first episode, one band per job).
 */
final class CjsReport {

    static final String RESULTS_HEADER = "scheduler,episode,executors,jobs,avg_jct_s,makespan_s,decisions";
    static final String JOBS_HEADER = "scheduler,episode,job,query,size,arrival_ms,completion_ms,jct_s";
    private static final int BAND_POINTS = 800;
    /** The executors plot shows the first 20 minutes, where single jobs' bands are still visible. */
    private static final double BAND_WINDOW_S = 1200;

    private final List<EpisodeResult> results;
    private final List<SchedulerSummary> summaries;

    CjsReport(List<EpisodeResult> results) {
        this.results = List.copyOf(results);
        Map<String, List<EpisodeResult>> bySched = new LinkedHashMap<>();
        for (EpisodeResult r : results) {
            bySched.computeIfAbsent(r.scheduler(), k -> new ArrayList<>()).add(r);
        }
        this.summaries = bySched.entrySet().stream().map(e -> SchedulerSummary.of(e.getKey(), e.getValue())).toList();
    }

    List<SchedulerSummary> summaries() {
        return summaries;
    }

    void write(Path dir, String title) {
        try {
            Files.createDirectories(dir);
            List<String> lines = new ArrayList<>();
            lines.add(RESULTS_HEADER);
            for (EpisodeResult r : results) {
                lines.add(CsvFile.line(r.scheduler(), r.episode(), Integer.toString(r.executors()),
                        Integer.toString(r.jobs().size()), num(r.avgJctS()), num(r.makespanS()),
                        Integer.toString(r.decisions())));
            }
            Files.write(dir.resolve("results.csv"), lines);
            List<String> jobs = new ArrayList<>();
            jobs.add(JOBS_HEADER);
            for (EpisodeResult r : results) {
                for (EpisodeResult.JobOutcome j : r.jobs()) {
                    jobs.add(CsvFile.line(r.scheduler(), r.episode(), Integer.toString(j.spec().id()),
                            Integer.toString(j.spec().query()), j.spec().size(), num(j.spec().arrivalMs()),
                            num(j.completionMs()), num(j.jctS())));
                }
            }
            Files.write(dir.resolve("jobs.csv"), jobs);
            writeCdf(dir.resolve("jct-cdf.png"), title);
            writeExecutors(dir.resolve("executors.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation files to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeCdf(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("job completion time (s)").yAxisTitle("CDF").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMax(1.0001); // exactly 1.0 lets XChart pad the axis above the last step
        for (SchedulerSummary s : summaries) {
            double[] jct = results.stream().filter(r -> r.scheduler().equals(s.scheduler()))
                    .flatMap(r -> r.jobs().stream()).mapToDouble(EpisodeResult.JobOutcome::jctS).sorted().toArray();
            double[] x = new double[jct.length * 2];
            double[] y = new double[jct.length * 2];
            for (int i = 0; i < jct.length; i++) {
                x[2 * i] = jct[i];
                y[2 * i] = i / (double) jct.length;
                x[2 * i + 1] = jct[i];
                y[2 * i + 1] = (i + 1) / (double) jct.length;
            }
            chart.addSeries(s.scheduler() + String.format(Locale.ROOT, " (avg %.1f s)", s.meanAvgJctS()), x, y)
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One panel per scheduler: stacked bands of executors per job (job 0 at the bottom) over time. */
    private void writeExecutors(Path file) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (EpisodeResult r : results) {
            if (r.occupancy() == null) {
                continue;
            }
            charts.add(executorChart(r));
        }
        if (charts.isEmpty()) {
            return;
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart executorChart(EpisodeResult r) {
        OccupancyLog log = r.occupancy();
        int jobs = r.jobs().size();
        double end = Math.min(r.makespanS(), BAND_WINDOW_S);
        double[] t = new double[BAND_POINTS];
        for (int i = 0; i < BAND_POINTS; i++) {
            t[i] = end * i / (BAND_POINTS - 1);
        }
        // executors[job][point]: the count in force at each grid time.
        int[][] at = new int[jobs][BAND_POINTS];
        int[] current = new int[jobs];
        int k = 0;
        for (int i = 0; i < BAND_POINTS; i++) {
            while (k < log.size() && log.timeMs(k) / 1000.0 <= t[i]) {
                current[log.job(k)] = log.executors(k);
                k++;
            }
            for (int j = 0; j < jobs; j++) {
                at[j][i] = current[j];
            }
        }
        XYChart chart = new XYChartBuilder().width(1000).height(320)
                .title(r.scheduler() + ": executors per job, episode " + r.episode() + String.format(Locale.ROOT,
                        ", first %.0f s (one band per job)", end))
                .xAxisTitle("time (s)").yAxisTitle("executors").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax((double) r.executors());
        chart.getStyler().setXAxisDecimalPattern("0");
        double[][] cumulative = new double[jobs][BAND_POINTS];
        for (int i = 0; i < BAND_POINTS; i++) {
            double sum = 0;
            for (int j = 0; j < jobs; j++) {
                sum += at[j][i];
                cumulative[j][i] = sum;
            }
        }
        java.awt.Color[] palette = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd),
            new java.awt.Color(0x8c564b), new java.awt.Color(0xe377c2), new java.awt.Color(0x17becf)};
        // Top band first: each lower band's area paints over the ones above it down to 0.
        for (int j = jobs - 1; j >= 0; j--) {
            XYSeries s = chart.addSeries("job " + j, t, cumulative[j]);
            s.setMarker(SeriesMarkers.NONE);
            s.setFillColor(palette[j % palette.length]);
            s.setLineColor(palette[j % palette.length]);
            s.setLineWidth(0.1f);
        }
        return chart;
    }

    void printTable(PrintWriter out) {
        String name = NameColumn.format(16, summaries.stream().map(SchedulerSummary::scheduler).toList());
        out.printf(Locale.ROOT, name + " %8s %12s %8s %17s %9s %9s %10s%n", "scheduler", "episodes", "avg JCT s",
                "std", "range", "p50 s", "p90 s", "decisions");
        for (SchedulerSummary s : summaries) {
            out.printf(Locale.ROOT, name + " %8d %12.3f %8.3f %8.2f-%-8.2f %9.2f %9.2f %10.0f%n", s.scheduler(),
                    s.episodes(), s.meanAvgJctS(), s.stdAvgJctS(), s.minAvgJctS(), s.maxAvgJctS(), s.p50JctS(),
                    s.p90JctS(), s.meanDecisions());
        }
    }

    /** 12 significant digits, locale-independent. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }
}
