package org.netllm.cli.abr;

import org.netllm.adapt.ProgressBar;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;
import org.netllm.controller.abr.netllm.ModelOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.RowJournal;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netllm abr eval}: every policy on every trace in the deterministic simulator, with tables, files and plots. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate ABR policies on a trace set in the trace-driven simulator (test mode).")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--traces", defaultValue = "fcc-test", paramLabel = "NAME|DIR",
            description = "Trace set: a name under abr/traces (fcc-test, fcc-valid, synthetic-test, norway-test) "
                    + "or a folder (default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--video", defaultValue = "envivio-dash3", paramLabel = "NAME|DIR",
            description = "Video: a name under abr/videos or a folder of video_size_Q files (default: ${DEFAULT-VALUE}).")
    String video;

    @Option(names = "--ladder", split = ",", paramLabel = "KBPS",
            description = "Bitrate ladder of the video in kbps, lowest first (default: the Envivio ladder "
                    + "300,750,1200,1850,2850,4300).")
    int[] ladder;

    @Option(names = "--policies", defaultValue = "bba,mpc,robust-mpc,rate,optimal", split = ",", paramLabel = "SPEC",
            description = "Policies: bba, mpc, robust-mpc, rate, optimal, oracle-mpc:H, replan, replan:H (experts "
                    + "that see the future), netllm:default, netllm:DIR, pensieve, pensieve:DIR, genet, genet:DIR "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--start-pointers", paramLabel = "FILE",
            description = "One start index per trace, in file-name order (default: every trace from index 1).")
    Path startPointers;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/abr-eval-<traces>).")
    Path out;

    @Option(names = "--target-return", paramLabel = "R",
            description = "Target return of adapted models, in their normalised reward units (default: the one "
                    + "saved with the adapter, the pool's best return).")
    Double targetReturn;

    @Option(names = "--sample", paramLabel = "SEED",
            description = "Adapted models sample their levels with this seed instead of answering greedily.")
    Long sampleSeed;

    @Option(names = "--context", defaultValue = "sliding", paramLabel = "sliding|restart",
            converter = PolicySpecs.ContextChoice.class,
            description = "Adapted models' context: the last w steps (sliding, NetLLM's) or grow to w and restart from"
                    + " the last w/2 (restart: lets a session alone reuse its key/value cache) (default: ${DEFAULT-VALUE}).")
    Context context = Context.SLIDING;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--resume",
            description = "Go on with an interrupted evaluation into the same --out: the sessions it finished (kept in"
                    + " OUT/sessions.jsonl as they end) are not played again.")
    boolean resume;

    @Override
    public Integer call() {
        List<Trace> traceList = TraceFiles.readDirectory(data.traces(traces));
        Video v = VideoLadder.read(data.video(video), ladder);
        int[] pointers = startPointers == null ? null : TraceFiles.readStartPointers(startPointers, traceList);
        List<AbrEvaluation.Contender> contenders = new ArrayList<>();
        for (String p : policies) {
            contenders.add(PolicySpecs.registry(modelOptions()).contender(p));
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("abr-eval-" + name(traces));
        EvaluationReport report = evaluate(contenders, traceList, v, pointers, n, "abr eval",
                dir.resolve(SESSIONS), resume);
        report.write(dir, "Session QoE on " + name(traces) + " (" + v.name() + ")");
        var stdout = spec.commandLine().getOut();
        stdout.printf("ABR evaluation: %d traces of %s, video %s%s%n", traceList.size(), name(traces), v.name(),
                pointers == null ? ", every trace from index 1" : ", start pointers from " + startPointers);
        report.printTable(stdout);
        stdout.println("wrote " + dir.resolve("results.csv") + ", summary.csv, qoe-cdf.png");
        stdout.flush();
        return 0;
    }

    /** Where an evaluation keeps its finished sessions as they end, in its output folder. */
    static final String SESSIONS = "sessions.jsonl";

    /**
     * Plays every contender on every trace with a progress bar and gathers the rows of the report; each session's
     * row is appended to {@code journal} as it ends, and with {@code resume} the rows already there are kept and
     * their sessions not played again.
     */
    static EvaluationReport evaluate(List<AbrEvaluation.Contender> contenders, List<Trace> traces, Video video,
                                     int[] pointers, int threads, String label, Path journal, boolean resume) {
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
        try (RowJournal<PlayedSession> rows = RowJournal.open(journal, PlayedSession.class, resume)) {
            Map<String, PlayedSession> byKey = new java.util.HashMap<>();
            for (PlayedSession r : rows.done()) {
                byKey.put(r.row().policy() + "\t" + r.row().trace(), r);
            }
            ProgressBar bar = new ProgressBar(label, (long) contenders.size() * traces.size() - byKey.size());
            AbrEvaluation.run(contenders, traces, video, pointers, threads, (done, total) -> bar.advanceTo(done),
                    (name, t) -> byKey.containsKey(name + "\t" + traces.get(t).name()), o -> {
                        PlayedSession played = new PlayedSession(new SessionRow(o.contender(), o.trace(),
                                o.result().qoe(), o.result().bitrateMbps(), o.result().rebufferSeconds(),
                                o.result().smoothnessMbps()), o.msPerDecision());
                        rows.append(played);
                        byKey.put(o.contender() + "\t" + o.trace(), played);
                    });
            bar.finish();
            List<PlayedSession> ordered = new ArrayList<>();
            for (AbrEvaluation.Contender c : contenders) {
                for (Trace t : traces) {
                    ordered.add(byKey.get(c.name() + "\t" + t.name()));
                }
            }
            Map<String, Double> msPerDecision = ordered.stream().collect(Collectors.groupingBy(
                    p -> p.row().policy(), Collectors.averagingDouble(PlayedSession::msPerDecision)));
            return new EvaluationReport(ordered.stream().map(PlayedSession::row).toList(), msPerDecision);
        }
    }

    /** A finished session as the evaluation keeps it: its row and its wall time per decision. */
    record PlayedSession(SessionRow row, double msPerDecision) {
    }

    ModelOptions modelOptions() {
        return new ModelOptions(sampleSeed == null ? new NetllmAbrPolicy.Decoding.Greedy()
                : new NetllmAbrPolicy.Decoding.Sampled(sampleSeed),
                targetReturn == null ? OptionalDouble.empty() : OptionalDouble.of(targetReturn),
                context);
    }

    private static String name(String nameOrDir) {
        return Path.of(nameOrDir).getFileName().toString();
    }
}
