package org.netllm.cli.testbed;

import org.netllm.adapt.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.TestVideo;
import org.netllm.cli.abr.EvaluationReport;
import org.netllm.cli.abr.PolicySpecs;
import org.netllm.cli.abr.SessionRow;
import org.netllm.cli.live.ServeCommand;
import org.netllm.emulation.csv.CsvFile;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.mahimahi.MahimahiInstallation;
import org.netllm.server.ServerConfig;
import org.netllm.server.VideoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm testbed run}: one real playback per trace and controller, beside the simulator's prediction. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Play the test video once per trace and controller through mm-delay/mm-link with headless "
                + "Chromium, score what the player experienced, and compare with the simulator on the same trace. "
                + "Finished (trace, controller) pairs are kept: rerun the same command to resume.")
public final class TestbedRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--traces", defaultValue = "fcc-test", paramLabel = "NAME|DIR",
            description = "Trace set: a name under abr/traces (fcc-test, norway-test, ...) or a folder "
                    + "(default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--count", paramLabel = "N", description = "Use the first N traces (default: all).")
    Integer count;

    @Option(names = "--controllers", defaultValue = "bba,robust-mpc", split = ",", paramLabel = "SPEC",
            description = "Controllers: bba, mpc, robust-mpc, rate, netllm:default, netllm:DIR (default: ${DEFAULT-VALUE}).")
    List<String> controllers;

    @Option(names = "--duration", defaultValue = "200", paramLabel = "S",
            description = "Seconds each playback may last at most (default: ${DEFAULT-VALUE}, the whole 192 s video).")
    int durationSeconds;

    @Option(names = "--start-pointers", paramLabel = "FILE",
            description = "One start index per trace (default: the data set's file for fcc-test, else index 1).")
    Path startPointers;

    @Option(names = "--content", paramLabel = "DIR",
            description = "DASH content (default: the test video, made once by testbed-scripts/make-video.sh into "
                    + "out/testbed-video).")
    Path content;

    @Option(names = "--delay-ms", defaultValue = "40", paramLabel = "MS",
            description = "One-way delay of mm-delay (default: ${DEFAULT-VALUE}, the paper's 80 ms round trip).")
    int delayMs;

    @Option(names = "--deadline-ms", defaultValue = "100", paramLabel = "MS",
            description = "The server's decision deadline; past it the session's BBA fallback answers (default:"
                    + " ${DEFAULT-VALUE}, as serve). Each chunk's decided_by column says which answered.")
    long deadlineMs;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/testbed-<traces>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 10) {
            throw new InvalidInputException("--duration must be at least 10 s, got " + durationSeconds);
        }
        if (deadlineMs < 1) {
            throw new InvalidInputException("--deadline-ms must be at least 1, got " + deadlineMs);
        }
        if (count != null && count < 1) {
            throw new InvalidInputException("--count must be at least 1, got " + count);
        }
        List<AbrPolicy> policies = new ArrayList<>();
        for (String c : controllers) {
            policies.add(policy(c));
        }
        Path traceDir = data.traces(traces);
        List<Trace> all = TraceFiles.readDirectory(traceDir);
        int[] pointers = startPointers(traceDir, all);
        int n = count == null ? all.size() : Math.min(count, all.size());
        MahimahiInstallation mahimahi = MahimahiInstallation.require();
        String setName = traceDir.getFileName().toString();
        Path dir = (out != null ? out : DataDirectory.projectRoot().resolve("out").resolve("testbed-" + setName))
                .toAbsolutePath().normalize();
        Path video = content != null ? content : TestVideo.ensure(DataDirectory.projectRoot());
        Files.createDirectories(dir);
        Path classpathCache = DataDirectory.projectRoot().resolve("cli/target/testbed-classpath");
        TestbedPlayback playback = new TestbedPlayback(mahimahi, ShellPlayer.forThisJvm(classpathCache), delayMs,
                Duration.ofSeconds(durationSeconds), 12.0);
        // The shell user writes its logs and browser profile in a staging folder it can reach; each session's
        // results are then copied into DIR, which may be private (a mktemp -d folder) whatever its mode.
        StagingArea stage = StagingArea.create(mahimahi);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("testbed: %d traces of %s x %d controllers, %d ms one-way delay, up to %d s each, decision"
                + " deadline %d ms; output %s%n", n, setName, policies.size(), delayMs, durationSeconds, deadlineMs, dir);
        stdout.flush();
        ProgressBar bar = new ProgressBar("testbed", (long) n * policies.size());
        List<TestbedSession> sessions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (stage) {
            for (AbrPolicy policy : policies) {
                if (policy instanceof NetllmAbrPolicy model) {
                    ServeCommand.warmUp(model); // else the fallback answers the first session's cold passes
                }
                try (VideoServer server = VideoServer.start(config(video, policy)
                        .withDecisionDeadline(Duration.ofMillis(deadlineMs)))) {
                    for (int i = 0; i < n; i++) {
                        Trace trace = all.get(i);
                        Path relative = Path.of("runs", safe(policy.name()), safe(trace.name()));
                        Path runDir = dir.resolve(relative);
                        try {
                            if (Files.isRegularFile(runDir.resolve(TestbedSession.FILE))) {
                                sessions.add(TestbedSession.load(runDir));
                            } else {
                                Path work = stage.folder(relative);
                                TestbedSession session = playback.run(server, policy, trace, pointers[i], work);
                                stage.copyResults(work, runDir);
                                sessions.add(session);
                            }
                        } catch (TestbedPlayback.Failed e) {
                            failures.add(policy.name() + " on " + trace.name() + ": " + e.getMessage());
                            spec.commandLine().getErr().println("\ntestbed: " + failures.get(failures.size() - 1));
                        }
                        bar.step();
                    }
                }
            }
        }
        bar.finish();
        if (sessions.isEmpty()) {
            throw new IllegalStateException("no session finished; first failure: " + failures.get(0));
        }
        writeReports(dir, setName, sessions);
        printTable(stdout, sessions);
        stdout.println("wrote " + dir.resolve("results.csv") + ", summary.csv, qoe-cdf.png, sim-vs-real.csv; per "
                + "session: " + dir.resolve("runs") + "/<controller>/<trace>/ (chunks.csv, link logs)");
        if (!failures.isEmpty()) {
            stdout.println(failures.size() + " session(s) failed; rerun the same command to retry only those:");
            failures.forEach(f -> stdout.println("  " + f));
        }
        stdout.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private ServerConfig config(Path video, AbrPolicy policy) {
        // The browser reaches the host from inside the emulated namespaces, not over loopback; setup.sh's forwarding
        // rules keep those namespaces from reaching anything else.
        InetAddress any;
        try {
            any = InetAddress.getByName("0.0.0.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServerConfig.of(0, video, policy).withBindAddress(any);
    }

    private int[] startPointers(Path traceDir, List<Trace> all) {
        Path file = startPointers;
        if (file == null) {
            Path conventional = traceDir.resolveSibling(traceDir.getFileName() + "-start-pointers.txt");
            file = Files.isRegularFile(conventional) ? conventional : null;
        }
        if (file == null) {
            int[] ones = new int[all.size()];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }
        return TraceFiles.readStartPointers(file, all);
    }

    static AbrPolicy policy(String spec) {
        return PolicySpecs.registry().online(spec);
    }

    private static void writeReports(Path dir, String setName, List<TestbedSession> sessions) throws IOException {
        new EvaluationReport(sessions.stream().map(s -> new SessionRow(s.policy(), s.trace(), s.real().qoe(),
                s.real().bitrateMbps(), s.real().rebufferSeconds(), s.real().smoothnessMbps())).toList())
                .write(dir, "Real session QoE on " + setName + " (Mahimahi testbed)");
        List<String> lines = new ArrayList<>();
        lines.add("policy,trace,start_pointer,chunks,real_qoe,sim_qoe,qoe_gap,real_bitrate_mbps,sim_bitrate_mbps,"
                + "real_rebuffer_s,sim_rebuffer_s,real_smoothness_mbps,sim_smoothness_mbps,fallbacks,"
                + "link_throughput_mbps,link_capacity_mbps,queue_delay_p95_ms,session_start_offset_ms");
        for (TestbedSession s : sessions) {
            lines.add(CsvFile.line(s.policy(), s.trace(), Integer.toString(s.startPointer()),
                    Integer.toString(s.chunks()), num(s.real().qoe()), num(s.simulated().qoe()), num(s.gap()),
                    num(s.real().bitrateMbps()), num(s.simulated().bitrateMbps()), num(s.real().rebufferSeconds()),
                    num(s.simulated().rebufferSeconds()), num(s.real().smoothnessMbps()),
                    num(s.simulated().smoothnessMbps()), Long.toString(s.fallbacks()), num(s.linkThroughputMbps()),
                    num(s.linkCapacityMbps()), num(s.queueDelayP95Ms()), num(s.startOffsetMs())));
        }
        Files.write(dir.resolve("sim-vs-real.csv"), lines);
    }

    private static void printTable(PrintWriter out, List<TestbedSession> sessions) {
        out.printf("%n%-16s %8s %10s %10s %10s %12s %12s%n", "controller", "sessions", "real QoE", "sim QoE",
                "gap", "|gap| mean", "real rebuf s");
        sessions.stream().map(TestbedSession::policy).distinct().forEach(p -> {
            List<TestbedSession> mine = sessions.stream().filter(s -> s.policy().equals(p)).toList();
            double real = mine.stream().mapToDouble(s -> s.real().qoe()).average().orElse(0);
            double sim = mine.stream().mapToDouble(s -> s.simulated().qoe()).average().orElse(0);
            double absGap = mine.stream().mapToDouble(s -> Math.abs(s.gap())).average().orElse(0);
            double rebuf = mine.stream().mapToDouble(s -> s.real().rebufferSeconds()).average().orElse(0);
            out.printf(Locale.ROOT, "%-16s %8d %10.3f %10.3f %10.3f %12.3f %12.2f%n", p, mine.size(), real, sim,
                    real - sim, absGap, rebuf);
        });
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
