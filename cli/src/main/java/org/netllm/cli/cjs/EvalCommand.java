package org.netllm.cli.cjs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.adapt.ProgressBar;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsEvaluation;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.Lookahead;
import org.netllm.emulation.cjs.TpchLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cjs eval}: every scheduler on every episode, with the table, CSV files and plots. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate cluster job schedulers in NetLLM's Spark simulator (average job completion time).")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    EpisodeOptions episodes;

    @Option(names = "--executors", defaultValue = "50", paramLabel = "N",
            description = "Executors in the cluster (default: ${DEFAULT-VALUE}).")
    int executors;

    @Option(names = "--jobs", defaultValue = "200", paramLabel = "J",
            description = "Jobs per generated episode, job 0 included (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--schedulers", defaultValue = "fifo,fair,decima,decima-greedy",
            split = CjsSchedulerRegistry.LIST_SPLIT, paramLabel = "NAME",
            description = "Schedulers: fifo, spark-fifo, fair, decima, decima-greedy, netllm:default, netllm:DIR, "
                    + "decima+lookahead:k,H,m (default: ${DEFAULT-VALUE}).")
    List<String> schedulers;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/cjs-eval).")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() {
        Path cjs = data.root().resolve("cjs");
        List<CjsScheduler> resolved = CjsSchedulerRegistry.of(cjs).resolveAll(schedulers);
        List<CjsEpisode.Setup> setups = episodes.episodes(jobs, executors);
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        List<EpisodeResult> results = evaluate(resolved, setups, library, threads, "cjs eval");
        CjsReport report = new CjsReport(results);
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("cjs-eval");
        report.write(dir, "Job completion time, " + executors + " executors");
        var stdout = spec.commandLine().getOut();
        stdout.printf("CJS evaluation: %d episode(s), %s, %d executors%s%n", setups.size(), episodes.describe(),
                executors, episodes.jobFiles == null ? ", " + jobs + " jobs each" : "");
        report.printTable(stdout);
        for (CjsScheduler s : resolved) {
            if (s instanceof Lookahead teacher) {
                Lookahead.Spent c = teacher.spent();
                stdout.printf(java.util.Locale.ROOT, "%s: %d decisions, %d searched (at least two candidates), %d"
                                + " changed from Decima's own sample; per decision %.1f simulated Decima decisions and"
                                + " %.2f ms (wall, this run's load)%n", s.name(), c.decisions(), c.searched(),
                        c.changed(), c.rolloutDecisionsPerDecision(), c.msPerDecision());
            }
        }
        stdout.println("wrote " + dir.resolve("results.csv") + ", jobs.csv, jct-cdf.png, executors.png");
        stdout.flush();
        return 0;
    }

    /** Plays every scheduler on every episode with a progress bar. */
    static List<EpisodeResult> evaluate(List<CjsScheduler> schedulers, List<CjsEpisode.Setup> setups,
                                        TpchLibrary library, Integer threads, String label) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ProgressBar bar = new ProgressBar(label, (long) schedulers.size() * setups.size());
        List<EpisodeResult> results = CjsEvaluation.run(schedulers, setups, library, n,
                CjsEvaluation.OccupancyRecording.FIRST_EPISODE, (done, total) -> bar.advanceTo(done));
        bar.finish();
        return results;
    }
}
