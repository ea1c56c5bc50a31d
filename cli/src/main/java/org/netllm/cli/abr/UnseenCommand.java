package org.netllm.cli.abr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.csv.CsvFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netllm abr unseen}: the generalisation grid of the paper's Table 3 — every policy on settings it was not
 * trained on (other traces, another video) — written as one table.
 */
@Command(name = "unseen", mixinStandardHelpOptions = true,
        description = "Evaluate policies on the unseen settings (paper Table 3): Envivio + SynthTrace, SynthVideo + FCC, "
                + "SynthVideo + SynthTrace, Envivio + Norway cellular; plus the default setting for reference.")
public final class UnseenCommand implements Callable<Integer> {

    /** The seed of the SynthVideo every run of this grid uses, so the setting is the same everywhere. */
    public static final long SYNTH_VIDEO_SEED = 2024;

    /** One cell row of the grid: which traces and which video. */
    record Setting(String name, String traces, boolean synthVideo) {
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("default: Envivio + FCC", "fcc-test", false),
            new Setting("1: Envivio + SynthTrace", "synthetic-test", false),
            new Setting("2: SynthVideo + FCC", "fcc-test", true),
            new Setting("3: SynthVideo + SynthTrace", "synthetic-test", true),
            new Setting("4: Envivio + Norway 3G", "norway-test", false));

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--policies", defaultValue = "bba,mpc,robust-mpc,rate,optimal", split = ",", paramLabel = "SPEC",
            description = "Policies, as for 'abr eval' (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/abr-unseen).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--resume",
            description = "Go on with an interrupted run into the same --out: each setting's finished sessions (kept"
                    + " in its folder's sessions.jsonl as they end) are not played again.")
    boolean resume;

    @Override
    public Integer call() {
        List<AbrEvaluation.Contender> contenders = new ArrayList<>();
        for (String p : policies) {
            contenders.add(PolicySpecs.registry().contender(p));
        }
        Video envivio = VideoLadder.read(data.video("envivio-dash3"), null);
        Video synth = GenerateCommand.synthVideo(data, "envivio-dash3", SYNTH_VIDEO_SEED);
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out/abr-unseen");
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<String> table = new ArrayList<>();
        table.add("setting,traces,video,policy,sessions,qoe_mean,qoe_p10,qoe_p50,qoe_p90,bitrate_mbps_mean,"
                + "rebuffer_s_mean,smoothness_mbps_mean");
        var stdout = spec.commandLine().getOut();
        for (Setting s : SETTINGS) {
            Video video = s.synthVideo() ? synth : envivio;
            var traces = TraceFiles.readDirectory(data.traces(s.traces()));
            Path sub = dir.resolve(s.name().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "").toLowerCase(Locale.ROOT));
            EvaluationReport report = EvalCommand.evaluate(contenders, traces, video, null, n, "setting " + s.name(),
                    sub.resolve(EvalCommand.SESSIONS), resume);
            report.write(sub, s.name());
            stdout.printf("%n%s (%d traces of %s, video %s)%n", s.name(), traces.size(), s.traces(), video.name());
            report.printTable(stdout);
            for (PolicySummary p : report.summaries()) {
                table.add(CsvFile.line(s.name(), s.traces(), video.name(), p.policy(),
                        Integer.toString(p.sessions()), EvaluationReport.num(p.qoe().mean()),
                        EvaluationReport.num(p.qoe().p10()), EvaluationReport.num(p.qoe().p50()),
                        EvaluationReport.num(p.qoe().p90()), EvaluationReport.num(p.bitrateMbps().mean()),
                        EvaluationReport.num(p.rebufferSeconds().mean()), EvaluationReport.num(p.smoothnessMbps().mean())));
            }
            stdout.flush();
        }
        try {
            Files.write(dir.resolve("unseen.csv"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdout.println("\nwrote " + dir.resolve("unseen.csv") + " and one folder per setting");
        return 0;
    }
}
