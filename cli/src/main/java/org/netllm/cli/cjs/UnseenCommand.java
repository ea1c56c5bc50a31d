package org.netllm.cli.cjs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.emulation.csv.CsvFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cjs unseen}: the paper's grid of job counts and executors in one table. */
@Command(name = "unseen", mixinStandardHelpOptions = true,
        description = "The paper's settings: (200 jobs, 50 executors) default, (200, 30), (450, 50), (450, 30).")
public final class UnseenCommand implements Callable<Integer> {

    /** One setting of the grid. */
    record Setting(String name, int jobs, int executors) {
    }

    static final List<Setting> GRID = List.of(new Setting("default", 200, 50), new Setting("1", 200, 30),
            new Setting("2", 450, 50), new Setting("3", 450, 30));

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--seeds", paramLabel = "A..B",
            description = "Episode seeds (default: the test seeds).")
    String seeds;

    @Option(names = "--deterministic", description = "Deterministic mode (spec D1-D10).")
    boolean deterministic;

    @Option(names = "--schedulers", defaultValue = "fifo,fair,decima,decima-greedy", split = ",", paramLabel = "NAME",
            description = "Schedulers (default: ${DEFAULT-VALUE}).")
    List<String> schedulers;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/cjs-unseen).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        Path cjs = data.root().resolve("cjs");
        List<CjsScheduler> resolved = CjsSchedulerRegistry.of(cjs).resolveAll(schedulers);
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("cjs-unseen");
        List<String> csv = new ArrayList<>();
        csv.add("setting,jobs,executors,scheduler,episodes,avg_jct_s_mean,avg_jct_s_std,p50_s,p90_s,decisions_mean");
        List<List<SchedulerSummary>> table = new ArrayList<>();
        for (Setting s : GRID) {
            EpisodeOptions options = new EpisodeOptions();
            options.seeds = seeds;
            options.deterministic = deterministic;
            List<CjsEpisode.Setup> setups = options.episodes(s.jobs(), s.executors());
            List<EpisodeResult> results = EvalCommand.evaluate(resolved, setups, library, threads,
                    "cjs unseen " + s.name());
            CjsReport report = new CjsReport(results);
            report.write(dir.resolve("setting-" + s.name()), "Job completion time, " + s.jobs() + " jobs, "
                    + s.executors() + " executors");
            table.add(report.summaries());
            for (SchedulerSummary m : report.summaries()) {
                csv.add(CsvFile.line(s.name(), Integer.toString(s.jobs()), Integer.toString(s.executors()),
                        m.scheduler(), Integer.toString(m.episodes()), CjsReport.num(m.meanAvgJctS()),
                        CjsReport.num(m.stdAvgJctS()), CjsReport.num(m.p50JctS()), CjsReport.num(m.p90JctS()),
                        CjsReport.num(m.meanDecisions())));
            }
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("unseen.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var stdout = spec.commandLine().getOut();
        EpisodeOptions describe = new EpisodeOptions();
        describe.seeds = seeds;
        describe.deterministic = deterministic;
        stdout.println("CJS unseen settings: " + describe.describe() + "; mean of per-episode average JCT (s)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-28s |", "setting"));
        for (CjsScheduler c : resolved) {
            header.append(String.format(Locale.ROOT, " %s |", c.name()));
        }
        stdout.println(header);
        stdout.println("|---|" + "---|".repeat(resolved.size()));
        for (int i = 0; i < GRID.size(); i++) {
            Setting s = GRID.get(i);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %-28s |",
                    s.name() + ": " + s.jobs() + " jobs, " + s.executors() + " executors"));
            for (SchedulerSummary m : table.get(i)) {
                row.append(String.format(Locale.ROOT, " %.2f ± %.2f |", m.meanAvgJctS(), m.stdAvgJctS()));
            }
            stdout.println(row);
        }
        stdout.println("wrote " + dir.resolve("unseen.csv") + " and one folder per setting");
        stdout.flush();
        return 0;
    }
}
