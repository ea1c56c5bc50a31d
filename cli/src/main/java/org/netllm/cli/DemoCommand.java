package org.netllm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.abr.EvalCommand;
import org.netllm.cli.cjs.CjsDemo;
import org.netllm.cli.vp.VpDemo;
import org.netllm.cli.live.PlayCommand;
import org.netllm.cli.live.ServeCommand;
import org.netllm.errors.InvalidInputException;
import org.netllm.player.HeadlessPlayer;
import org.netllm.player.PlaybackReport;
import org.netllm.server.VideoServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netllm demo}: the adapted default model against the classic controllers on fcc-test, then one live session. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Each task's default against its baselines, then each one live. ABR: the default adapted model "
                + "and the classic controllers on fcc-test (table and plots), then one live session played in headless"
                + " Chromium. VP: LR, Velocity, TRACK and the default VP model on Jin2022 test, then one test viewer "
                + "replayed through the server's viewport tracker. CJS: FIFO, Fair and Decima on five test seeds, the "
                + "default adapted scheduler on short episodes of them, then one cluster scheduled live.",
            "The ABR live session needs chromium, chromedriver and ffmpeg: as root the demo installs them with "
                + "testbed-scripts/install-browser.sh; otherwise it is skipped with the command to run. Its test "
                + "video is made on first use (a few minutes, once)."})
public final class DemoCommand implements Callable<Integer> {

    /** Where the committed default adapter lives, relative to the project root. */
    public static final String DEFAULT_MODEL = "models/default";

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/demo).")
    Path out;

    @Option(names = "--tasks", defaultValue = "abr,vp,cjs", split = ",", paramLabel = "TASK",
            description = "Which tasks' parts to run: abr, vp, cjs (default: ${DEFAULT-VALUE}).")
    List<String> tasks;

    @Option(names = "--live-seconds", defaultValue = "40", paramLabel = "N",
            description = "Then play the ABR live session for N seconds (0: no live part for any task; the VP and "
                    + "CJS live parts run to their end whatever N; default: ${DEFAULT-VALUE}).")
    int liveSeconds;

    /** What the live session showed: the page's playback and the server's view of the session (null if none). */
    record LiveSession(PlaybackReport playback, JsonNode serverSession) {
    }

    @Override
    public Integer call() {
        if (liveSeconds < 0 || liveSeconds > 24 * 3600) {
            throw new InvalidInputException("--live-seconds must be 0..86400, got " + liveSeconds);
        }
        for (String task : tasks) {
            if (!List.of("abr", "vp", "cjs").contains(task.strip())) {
                throw new InvalidInputException("--tasks " + String.join(",", tasks) + ": '" + task
                        + "' is not abr, vp or cjs");
            }
        }
        Path root = DataDirectory.projectRoot();
        Path results = out != null ? out : root.resolve("out/demo");
        int code = 0;
        if (tasks.stream().anyMatch(t -> t.strip().equals("abr"))) {
            code = abr(root, results);
        }
        if (tasks.stream().anyMatch(t -> t.strip().equals("vp"))) {
            code = Math.max(code, vp(root, results));
        }
        if (tasks.stream().anyMatch(t -> t.strip().equals("cjs"))) {
            code = Math.max(code, cjs(results));
        }
        return code;
    }

    /** The VP part: the default VP model against the baselines on Jin2022 test, then one viewer live. */
    private int vp(Path root, Path results) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println();
        stdout.println("== Viewport prediction: Jin2022 test, hw 10 (2 s), pw 20 (4 s)");
        stdout.flush();
        List<String> predictors = new ArrayList<>(List.of("lr", "velocity"));
        for (String learned : List.of("track:default", "netllm:default")) {
            String folder = learned.startsWith("track") ? "models/vp-track" : "models/vp-default";
            if (Files.isDirectory(root.resolve(folder))) {
                predictors.add(learned);
            }
        }
        int evaluated = VpDemo.evaluate(data.explicit, results.resolve("vp"), stdout, spec.commandLine().getErr(),
                predictors);
        if (evaluated != 0 || liveSeconds == 0) {
            return evaluated;
        }
        try {
            VpDemo.live(data.root(), predictors.get(predictors.size() - 1), stdout);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("netllm demo: the live viewer failed: " + e.getMessage());
            return 1;
        }
    }

    /** The CJS part: the baselines on five test seeds, the adapted default, then one cluster scheduled live by it. */
    private int cjs(Path results) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println();
        stdout.println("== Cluster job scheduling: average JCT on the first five test seeds (" + CjsDemo.SEEDS + ")");
        stdout.flush();
        int evaluated = CjsDemo.evaluate(data.explicit, results.resolve("cjs"), stdout, spec.commandLine().getErr(),
                List.of("fifo", "fair", "decima"));
        if (evaluated != 0) {
            return evaluated;
        }
        stdout.println();
        stdout.println("== The adapted scheduler (netllm:default) on the same seeds, " + CjsDemo.ADAPTED_JOBS
                + " jobs each");
        stdout.flush();
        evaluated = CjsDemo.evaluateDefault(data.explicit, results.resolve("cjs-default"), stdout,
                spec.commandLine().getErr());
        if (evaluated != 0 || liveSeconds == 0) {
            return evaluated;
        }
        try {
            CjsDemo.live(data.root().resolve("cjs"), stdout);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("netllm demo: the live cluster failed: " + e.getMessage());
            return 1;
        }
    }

    /** The ABR part: the evaluation table, then one live session. */
    private int abr(Path root, Path results) {
        Path model = root.resolve(DEFAULT_MODEL);
        boolean adapted = Files.isDirectory(model);
        List<String> policies = new ArrayList<>();
        if (adapted) {
            policies.add("netllm:default");
        } else {
            spec.commandLine().getErr().println("netllm demo: no default adapter at " + model
                    + "; evaluating the classic controllers only");
        }
        policies.addAll(List.of("bba", "mpc", "robust-mpc", "rate", "optimal"));
        List<String> args = new ArrayList<>(List.of("--traces", "fcc-test", "--policies", String.join(",", policies),
                "--out", results.toString()));
        if (data.explicit != null) {
            args.addAll(List.of("--data-dir", data.explicit.toString()));
        }
        CommandLine eval = new CommandLine(new EvalCommand());
        eval.setOut(spec.commandLine().getOut());
        eval.setErr(spec.commandLine().getErr());
        eval.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
        int evaluated = eval.execute(args.toArray(String[]::new));
        if (evaluated != 0 || liveSeconds == 0) {
            return evaluated;
        }
        return live(adapted ? "netllm:default" : "robust-mpc", root, results);
    }

    /** The live part; its failure is reported in one line and leaves the evaluation in {@code results} as it is. */
    private int live(String controller, Path root, Path results) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        stdout.println();
        try {
            if (!BrowserSetup.ensure(root, stdout)) {
                return 0;
            }
            if (!Files.isRegularFile(root.resolve("out/testbed-video/manifest.mpd"))) {
                stdout.println("live session: generating the test video into out/testbed-video first (ffmpeg; takes "
                        + "a few minutes, once)");
                stdout.flush();
            }
            LiveSession session = streamLive(controller, TestVideo.ensure(root), liveSeconds, stdout);
            if (!session.playback().errors().isEmpty()) {
                stderr.println("netllm demo: the live session reported player errors (above); the evaluation in "
                        + results + " is complete");
                return 1;
            }
            return 0;
        } catch (InvalidInputException e) {
            stderr.println("netllm demo: live session not played: " + e.getMessage() + " (the evaluation in "
                    + results + " is complete)");
            return Main.USER_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("netllm demo: live session interrupted (the evaluation in " + results + " is complete)");
            return 1;
        } catch (Exception e) {
            stderr.println("netllm demo: the live session failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + " (the evaluation in " + results + " is complete)");
            return 1;
        }
    }

    /**
     * Serves {@code content} on a free loopback port exactly as {@code netllm serve --controller controller} would,
     * plays it in headless Chromium for {@code seconds} and prints the session as {@code netllm play} does.
     */
    static LiveSession streamLive(String controller, Path content, int seconds, PrintWriter out) throws Exception {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--controller", controller, "--bind", "127.0.0.1", "--port", "0",
                "--content", content.toString());
        try (VideoServer server = VideoServer.start(serve.serverConfig())) {
            out.println("live session: " + server.content().video() + " served by " + server.uri() + " with "
                    + controller + ", played in headless Chromium for " + seconds + " s");
            out.flush();
            PlaybackReport playback;
            try (HeadlessPlayer player = HeadlessPlayer.start()) {
                playback = player.play(server.uri(), Duration.ofSeconds(seconds));
            }
            JsonNode session = PlayCommand.printSession(server.uri(), playback, out);
            out.flush();
            return new LiveSession(playback, session);
        }
    }
}
