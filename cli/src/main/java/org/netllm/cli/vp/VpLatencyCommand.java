package org.netllm.cli.vp;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.vp.ViewportPredictor;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.emulation.stats.Percentile;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.emulation.vp.VpSplit;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm vp latency}: in-process latency of one viewer's prediction, and of the pw sequential forward
 * passes an autoregressive answer would need (NetLLM's way), measured in the same run.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Latency of one viewer's prediction (one history, pw steps) on Jin2022 test histories; with "
                + "--passes, also of pw sequential forward passes (what an autoregressive head needs per answer).")
public final class VpLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--predictors", defaultValue = "netllm:default", split = ",", paramLabel = "SPEC",
            description = "Predictors (default: ${DEFAULT-VALUE}).")
    List<String> predictors;

    @Option(names = "--samples", defaultValue = "200", description = "Predictions timed (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--passes", description = "Also time pw sequential one-step passes per answer.")
    boolean passes;

    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Option(names = "--inference", split = ",", paramLabel = "PATH",
            description = "Adapted model: the ways of predicting to time, sample by sample in turn, each compared with "
                    + "the first: engine (PyTorch), compiled (the Java forward, LoRA merged). Default: engine.")
    List<String> inferencePaths;

    @Option(names = "--compiled-threads", defaultValue = "2", paramLabel = "N",
            description = "Threads of each compiled forward pass (default: ${DEFAULT-VALUE}).")
    int compiledThreads;

    @Override
    public Integer call() {
        if (samples < 1) {
            throw new InvalidInputException("--samples must be at least 1, got " + samples);
        }
        if (torchThreads < 1) {
            throw new InvalidInputException("--torch-threads must be at least 1, got " + torchThreads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        int hw = 10;
        int pw = 20;
        List<VpSample> all = VpSamples.of(VpData.traces(data, VpSplit.JIN2022, VpSplit.Part.TEST), hw, pw);
        PrintWriter w = spec.commandLine().getOut();
        if (inferencePaths != null) {
            if (passes) {
                throw new InvalidInputException("--passes times one path; leave it out with --inference");
            }
            if (compiledThreads < 1) {
                throw new InvalidInputException("--compiled-threads must be at least 1, got " + compiledThreads);
            }
            List<NetllmVpPredictor.Inference> paths = inferencePaths.stream().map(VpLatencyCommand::path).toList();
            for (String name : predictors) {
                comparePaths(w, name, paths, all, pw);
            }
            return 0;
        }
        for (String name : predictors) {
            ViewportPredictor p = VpPredictors.byName(name, DataDirectory.projectRoot());
            try {
                for (int i = 0; i < 20; i++) { // warm-up: PyTorch's first passes are many times slower
                    p.predict(all.get(i).history(), pw);
                }
                double[] one = new double[samples];
                double[] seq = new double[passes ? samples : 0];
                for (int i = 0; i < samples; i++) {
                    double[][] h = all.get((i * 7) % all.size()).history();
                    long t0 = System.nanoTime();
                    p.predict(h, pw);
                    one[i] = (System.nanoTime() - t0) / 1e6;
                    if (passes) {
                        long t1 = System.nanoTime();
                        for (int k = 0; k < pw; k++) {
                            p.predict(h, 1);
                        }
                        seq[i] = (System.nanoTime() - t1) / 1e6;
                    }
                }
                w.printf(Locale.ROOT, "%s: one answer of %d steps, %d histories, %d PyTorch threads: p50 %.2f ms, "
                        + "p99 %.2f ms, mean %.2f ms%n", name, pw, samples, torchThreads, q(one, 0.5), q(one, 0.99),
                        Arrays.stream(one).average().orElseThrow());
                if (passes) {
                    w.printf(Locale.ROOT, "%s: %d sequential passes per answer: p50 %.2f ms, p99 %.2f ms, mean %.2f ms"
                            + " (%.1fx the single pass at p50)%n", name, pw, q(seq, 0.5), q(seq, 0.99),
                            Arrays.stream(seq).average().orElseThrow(), q(seq, 0.5) / q(one, 0.5));
                }
                w.flush();
            } finally {
                if (p instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return 0;
    }

    private static NetllmVpPredictor.Inference path(String name) {
        return switch (name.strip()) {
            case "engine" -> NetllmVpPredictor.Inference.ENGINE;
            case "compiled" -> NetllmVpPredictor.Inference.COMPILED;
            default -> throw new InvalidInputException("unknown --inference path '" + name + "'; use engine or compiled");
        };
    }

    /**
     * One loaded copy of the model per path, each history predicted by every path in turn (so load drifts hit all
     * alike); prints each path's latency and, against the first, the ratio and the largest difference of any
     * predicted angle.
     */
    private void comparePaths(PrintWriter w, String name, List<NetllmVpPredictor.Inference> paths,
                              List<VpSample> all, int pw) {
        List<NetllmVpPredictor> copies = new ArrayList<>();
        try {
            for (NetllmVpPredictor.Inference path : paths) {
                if (!(VpPredictors.byName(name, DataDirectory.projectRoot()) instanceof NetllmVpPredictor model)) {
                    throw new InvalidInputException("--inference chooses how an adapted model predicts; '" + name
                            + "' is not one (use netllm:default or netllm:DIR)");
                }
                copies.add(model);
                model.setInference(path, compiledThreads);
                for (int i = 0; i < 20; i++) { // warm-up: first passes are many times slower (PyTorch, the JIT)
                    model.predict(all.get(i).history(), pw);
                }
            }
            double[][] ms = new double[paths.size()][samples];
            double[] largest = new double[paths.size()];
            for (int i = 0; i < samples; i++) {
                double[][] h = all.get((i * 7) % all.size()).history();
                double[][] first = null;
                for (int p = 0; p < paths.size(); p++) {
                    long t0 = System.nanoTime();
                    double[][] answer = copies.get(p).predict(h, pw);
                    ms[p][i] = (System.nanoTime() - t0) / 1e6;
                    if (p == 0) {
                        first = answer;
                    } else {
                        for (int k = 0; k < answer.length; k++) {
                            for (int c = 0; c < answer[k].length; c++) {
                                largest[p] = Math.max(largest[p], Math.abs(answer[k][c] - first[k][c]));
                            }
                        }
                    }
                }
            }
            for (int p = 0; p < paths.size(); p++) {
                String how = paths.get(p) == NetllmVpPredictor.Inference.ENGINE ? "engine, " + torchThreads
                        + " PyTorch threads" : "compiled Java forward, LoRA merged, " + (copies.get(p)
                        .compiledVectorised() ? "Vector API" : "plain loops") + ", " + compiledThreads + " threads";
                w.printf(Locale.ROOT, "%s (%s): one answer of %d steps, %d histories: p50 %.2f ms, p99 %.2f ms, "
                        + "mean %.2f ms%n", name, how, pw, samples, q(ms[p], 0.5), q(ms[p], 0.99),
                        Arrays.stream(ms[p]).average().orElseThrow());
            }
            for (int p = 1; p < paths.size(); p++) {
                w.printf(Locale.ROOT, "%s / %s: p50 %.2fx, p99 %.2fx; largest difference of a predicted angle %.2e "
                        + "degrees%n", inferencePaths.get(p).strip(), inferencePaths.get(0).strip(),
                        q(ms[p], 0.5) / q(ms[0], 0.5), q(ms[p], 0.99) / q(ms[0], 0.99), largest[p]);
            }
            w.flush();
        } finally {
            copies.forEach(NetllmVpPredictor::close);
        }
    }

    private static double q(double[] values, double q) {
        return Percentile.of(values, q);
    }
}
