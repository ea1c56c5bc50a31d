package org.netllm.cli.abr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.netllm.adapt.ProgressBar;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.AbrWorld;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netllm abr world}: policies on sessions drawn from the randomised world of a recipe (its validation split by
 * default), with the table split by the kind of link and video.
 */
@Command(name = "world", mixinStandardHelpOptions = true,
        description = "Evaluate ABR policies on sessions drawn from a randomised world (docs/abr-world.md): each session"
                + " its own link (scaled FCC or Markov, maybe with outages), round trip, video ladder and start.")
public final class WorldCommand implements Callable<Integer> {

    /** The project's world recipe, relative to the project root. */
    public static final String DEFAULT_RECIPE = "adaptation/recipes/abr-world.json";

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--recipe", paramLabel = "FILE", description = "World recipe (default: " + DEFAULT_RECIPE + ").")
    Path recipe;

    @Option(names = "--split", defaultValue = "validation", paramLabel = "train|validation", converter = SplitChoice.class,
            description = "Which split's seed and FCC set the sessions come from (default: ${DEFAULT-VALUE}).")
    AbrWorld.SplitName split;

    static final class SplitChoice extends FixedChoice<AbrWorld.SplitName> {
        SplitChoice() {
            super(AbrWorld.SplitName.class);
        }
    }

    @Option(names = "--sessions", paramLabel = "N",
            description = "Sessions 0..N-1 of the split (default: the recipe's count for the split).")
    Integer sessions;

    @Option(names = "--policies", defaultValue = "bba,robust-mpc,oracle-mpc:5,replan,optimal", split = ",",
            paramLabel = "SPEC", description = "Policies, as for 'abr eval' (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--list", description = "Print every session (link kind, round trip, ladder, start) first.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/abr-world-<split>).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        AbrWorld.SplitName which = split;
        List<AbrWorld.Session> drawn = draw(data, recipe, which, sessions);
        List<AbrEvaluation.Contender> contenders = new ArrayList<>();
        for (String p : policies) {
            contenders.add(PolicySpecs.registry().contender(p));
        }
        var stdout = spec.commandLine().getOut();
        if (list) {
            for (AbrWorld.Session s : drawn) {
                stdout.printf(Locale.ROOT, "%5d  %-36s rtt %5.0f ms  start %4d  ladder %s%n", s.index(), s.kind(),
                        s.link().rttMs(), s.startPointer(), Arrays.toString(s.video().bitratesKbps()));
            }
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + n);
        }
        List<AbrEvaluation.Session> played = drawn.stream()
                .map(s -> new AbrEvaluation.Session(s.link(), s.video(), s.startPointer())).toList();
        ProgressBar bar = new ProgressBar("abr world", (long) contenders.size() * played.size());
        List<AbrEvaluation.Outcome> outcomes = AbrEvaluation.run(contenders, played, n,
                (done, total) -> bar.advanceTo(done));
        bar.finish();
        Map<String, Double> cost = outcomes.stream().collect(Collectors.groupingBy(AbrEvaluation.Outcome::contender,
                Collectors.averagingDouble(AbrEvaluation.Outcome::msPerDecision)));
        EvaluationReport report = new EvaluationReport(outcomes.stream()
                .map(o -> new SessionRow(o.contender(), o.trace(), o.result().qoe(), o.result().bitrateMbps(),
                        o.result().rebufferSeconds(), o.result().smoothnessMbps()))
                .toList(), cost);
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out")
                .resolve("abr-world-" + which.name().toLowerCase(Locale.ROOT));
        String splitName = FixedChoice.spelling(split);
        report.write(dir, "Session QoE on " + drawn.size() + " " + splitName + " sessions of the world");
        stdout.printf("ABR world: sessions 0..%d of the %s split (%s)%n", drawn.size() - 1, splitName,
                recipePath(recipe));
        report.printTable(stdout);
        printByKind(stdout, drawn, outcomes);
        writeSessions(dir.resolve("sessions.csv"), drawn);
        stdout.println("wrote " + dir.resolve("results.csv") + ", summary.csv, sessions.csv, qoe-cdf.png");
        stdout.flush();
        return 0;
    }

    /** Sessions 0..count-1 of a split of the recipe (the recipe's count when {@code count} is null). */
    static List<AbrWorld.Session> draw(DataDirectory data, Path recipe, AbrWorld.SplitName split, Integer count) {
        AbrWorld world = AbrWorld.read(recipePath(recipe));
        int n = count != null ? count : world.split(split).sessions();
        if (n < 1) {
            throw new InvalidInputException("--sessions must be at least 1, got " + n);
        }
        List<Trace> fcc = TraceFiles.readDirectory(data.traces(world.split(split).fcc()));
        Video envivio = VideoLadder.read(data.video("envivio-dash3"), null);
        return world.sessions(split, n, fcc, envivio);
    }

    static Path recipePath(Path recipe) {
        return recipe != null ? recipe : DataDirectory.projectRoot().resolve(DEFAULT_RECIPE);
    }

    /** Mean QoE per policy on four parts: FCC or Markov links, Envivio or another ladder. */
    private static void printByKind(java.io.PrintWriter out, List<AbrWorld.Session> drawn,
                                    List<AbrEvaluation.Outcome> outcomes) {
        Map<String, String> part = new LinkedHashMap<>();
        for (AbrWorld.Session s : drawn) {
            part.put(s.link().name(), (s.kind().startsWith("fcc") ? "fcc" : "markov") + " / "
                    + (s.video().name().equals("envivio-dash3") ? "envivio" : "other ladder"));
        }
        List<String> parts = part.values().stream().distinct().sorted().toList();
        out.printf(Locale.ROOT, "%n%-28s", "mean QoE by part");
        for (String p : parts) {
            long count = part.values().stream().filter(p::equals).count();
            out.printf(Locale.ROOT, " %24s", p + " (" + count + ")");
        }
        out.println();
        Map<String, List<AbrEvaluation.Outcome>> byPolicy = outcomes.stream()
                .collect(Collectors.groupingBy(AbrEvaluation.Outcome::contender, LinkedHashMap::new,
                        Collectors.toList()));
        for (var e : byPolicy.entrySet()) {
            out.printf(Locale.ROOT, "%-28s", e.getKey());
            for (String p : parts) {
                double mean = e.getValue().stream().filter(o -> part.get(o.trace()).equals(p))
                        .mapToDouble(o -> o.result().qoe()).average().orElse(Double.NaN);
                out.printf(Locale.ROOT, " %24.4f", mean);
            }
            out.println();
        }
    }

    private static void writeSessions(Path file, List<AbrWorld.Session> drawn) {
        List<String> lines = new ArrayList<>();
        lines.add("session,kind,rtt_ms,start_pointer,video,ladder_kbps");
        for (AbrWorld.Session s : drawn) {
            lines.add(CsvFile.line(s.link().name(), s.kind(), String.format(Locale.ROOT, "%.1f",
                    s.link().rttMs()), Integer.toString(s.startPointer()), s.video().name(),
                    Arrays.stream(s.video().bitratesKbps()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(" "))));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
