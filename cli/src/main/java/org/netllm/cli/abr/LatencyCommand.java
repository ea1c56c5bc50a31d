package org.netllm.cli.abr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.ProgressBar;
import org.netllm.controller.InvalidInputException;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netllm abr latency}: in-process decision latency of a policy over whole sessions (the adapted model keeps
 * its context across a session's steps), one session at a time, as p50/p99.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Measure a policy's in-process decision latency (p50, p99) over whole simulated sessions.")
public final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--policy", defaultValue = "netllm:default", paramLabel = "SPEC",
            description = "Policy spec, as for 'abr eval' (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--traces", defaultValue = "fcc-test", paramLabel = "NAME|DIR",
            description = "Traces whose sessions are played (default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--sessions", defaultValue = "10", paramLabel = "N",
            description = "Sessions to time, on the first N traces (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N",
            description = "Untimed sessions first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--torch-threads", defaultValue = "2", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Override
    public Integer call() {
        if (sessions < 1 || warmup < 0 || torchThreads < 1) {
            throw new InvalidInputException("--sessions and --torch-threads must be at least 1 and --warmup at least 0");
        }
        // Must be set before the engine starts: the first model load reads it.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
        List<Trace> traceList = TraceFiles.readDirectory(data.traces(traces));
        Video video = VideoLadder.read(data.video("envivio-dash3"), null);
        AbrPolicy p = policy.strip().startsWith(PolicySpecs.NETLLM_PREFIX)
                ? PolicySpecs.adaptedModel(policy, PolicySpecs.ModelOptions.DEFAULT)
                : org.netllm.controller.abr.AbrPolicies.byName(policy);
        List<Long> nanos = new ArrayList<>();
        ProgressBar bar = new ProgressBar("abr latency", warmup + sessions);
        for (int s = 0; s < warmup + sessions; s++) {
            Trace trace = traceList.get(s % traceList.size());
            List<Long> times = playTimed(p.newSession(), new AbrSimulator(trace, video, 1), video);
            if (s >= warmup) {
                nanos.addAll(times);
            }
            bar.step();
        }
        bar.finish();
        double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%s: %d decisions over %d sessions, %d PyTorch threads: p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
                p.name(), ms.length, sessions, torchThreads, PolicySummary.Stats.percentile(ms, 50),
                PolicySummary.Stats.percentile(ms, 99), Arrays.stream(ms).average().orElse(Double.NaN));
        return 0;
    }

    private static List<Long> playTimed(AbrController controller, AbrSimulator simulator, Video video) {
        List<org.netllm.controller.abr.ChunkDownload> chunks = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        chunks.add(simulator.download(0));
        while (!simulator.finished()) {
            AbrObservation observation = AbrObservation.after(chunks, video);
            long start = System.nanoTime();
            int level = controller.chooseLevel(observation);
            times.add(System.nanoTime() - start);
            chunks.add(simulator.download(level));
        }
        return times;
    }
}
