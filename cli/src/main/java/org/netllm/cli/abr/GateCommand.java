package org.netllm.cli.abr;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Inference;
import org.netllm.adaptation.abr.AbrPolicyRegistry;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.gate.Gate;
import org.netllm.controller.abr.gate.GatedPolicy;
import org.netllm.controller.abr.gate.Hold;
import org.netllm.controller.abr.gate.GatedPolicy.Audit;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm abr gate}: a model ungated and behind each gate on the same traces (issue 41, point 2): the share of
 * decisions the rule answered, the QoE each run earned and its paired difference from the ungated model, and with
 * {@code --audit} how often the model would have given the rule's answer. Measure on validation traces.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Measure a cheap rule answering in place of the model where a gate allows: rule share, QoE cost.")
public final class GateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--policy", defaultValue = "netllm:default", paramLabel = "SPEC",
            description = "The model: netllm:default or netllm:DIR (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--rule", defaultValue = "robust-mpc", paramLabel = "NAME",
            description = "The cheap rule: hold (keep the previous level), bba, mpc, robust-mpc or rate "
                    + "(default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--gates", defaultValue = "consensus:bba;comfort:15,0.2", split = ";", paramLabel = "GATE",
            description = "Gates, separated by ';': consensus:RULE (the rule answers where RULE picks the same level), "
                    + "comfort:BUFFER_S,ERROR (where at least BUFFER_S s are buffered and RobustMPC's recent forecast"
                    + " errors are at most ERROR) (default: ${DEFAULT-VALUE}).")
    List<String> gates;

    @Option(names = "--traces", defaultValue = "fcc-valid", paramLabel = "NAME|DIR",
            description = "Trace set, a validation one (default: ${DEFAULT-VALUE}).")
    String traces;

    @Option(names = "--inference", defaultValue = "compiled", paramLabel = "engine|compiled",
            description = "How the model decides: engine (PyTorch; a return-conditioned model with its key/value cache)"
                    + " or compiled (the Java forward, same levels) (default: ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--audit",
            description = "Ask the model at the rule's decisions too (its answer dropped) and report how often it "
                    + "agreed; the levels fetched are the same, the time per decision is the ungated one's.")
    boolean audit;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Sessions played at once (default: ${DEFAULT-VALUE}); results do not depend on it.")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/abr-gate-<traces>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!AbrPolicyRegistry.isModel(policy)) {
            throw new InvalidInputException("--policy must name an adapted model (netllm:default or netllm:DIR), got '"
                    + policy + "'");
        }
        Inference path = switch (inference.strip()) {
            case "engine" -> Inference.KV_CACHE;
            case "compiled" -> Inference.COMPILED;
            default -> throw new InvalidInputException("--inference " + inference + " is not engine or compiled");
        };
        List<Gate> gateList = new ArrayList<>();
        gateList.add(new Gate.Never());
        for (String g : gates) {
            gateList.add(GatedPolicy.gate(g));
        }
        AbrPolicy rulePolicy = rule.strip().equals(Hold.NAME) ? new Hold() : PolicySpecs.registry().online(rule);
        List<Trace> traceList = TraceFiles.readDirectory(data.traces(traces));
        Video video = VideoLadder.read(data.video("envivio-dash3"), null);
        Path dir = out != null ? out : DataDirectory.projectRoot().resolve("out")
                .resolve("abr-gate-" + Path.of(traces).getFileName());
        AbrPolicy model = PolicySpecs.registry().online(policy);
        try (AutoCloseable closing = model instanceof AutoCloseable c ? c : () -> { }) {
            if (model instanceof NetllmAbrPolicy returnConditioned) {
                returnConditioned.inference().setInference(path);
            } else if (model instanceof NetllmImitationPolicy imitation) {
                imitation.setInference(path == Inference.COMPILED ? NetllmImitationPolicy.Inference.COMPILED
                        : NetllmImitationPolicy.Inference.ENGINE, 2);
            }
            List<GatedPolicy> gated = new ArrayList<>();
            List<AbrEvaluation.Contender> contenders = new ArrayList<>();
            for (Gate gate : gateList) {
                GatedPolicy g = new GatedPolicy(model, rulePolicy, gate, audit ? Audit.ASK_MODEL_TOO : Audit.NONE);
                gated.add(g);
                contenders.add(new AbrEvaluation.Online(g));
            }
            EvaluationReport report = EvalCommand.evaluate(contenders, traceList, video, null, threads, "abr gate",
                    dir.resolve(EvalCommand.SESSIONS), false);
            report.write(dir, model.name() + " behind gates on " + Path.of(traces).getFileName());
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("%s gated by %s on %d traces of %s%n", model.name(), rulePolicy.name(), traceList.size(),
                    Path.of(traces).getFileName());
            print(stdout, gated, report, traceList.size());
            stdout.println("wrote " + dir.resolve("results.csv") + ", summary.csv, qoe-cdf.png");
            stdout.flush();
        }
        return 0;
    }

    private void print(PrintWriter stdout, List<GatedPolicy> gated, EvaluationReport report, int sessions) {
        List<SessionRow> rows = report.rows();
        double[] ungated = rows.subList(0, sessions).stream().mapToDouble(SessionRow::qoe).toArray();
        stdout.printf(Locale.ROOT, "%-36s %10s %10s %9s %22s %11s %12s%n", "gate", "by rule", "model agrees",
                "QoE mean", "vs ungated (±2 SE)", "rebuffer s", "ms/decision");
        for (int g = 0; g < gated.size(); g++) {
            GatedPolicy policy = gated.get(g);
            GatedPolicy.Counts counts = policy.counts();
            List<SessionRow> own = rows.subList(g * sessions, (g + 1) * sessions);
            double[] diff = new double[sessions];
            for (int i = 0; i < sessions; i++) {
                diff[i] = own.get(i).qoe() - ungated[i];
            }
            double mean = mean(diff);
            double se = Math.sqrt(variance(diff, mean) / sessions);
            PolicySummary summary = report.summaries().get(g);
            String label = g == 0 ? "never (the model ungated)"
                    : policy.name().substring(policy.name().indexOf('|') + 1);
            stdout.printf(Locale.ROOT, "%-36s %9.1f%% %12s %9.4f %22s %11.3f %12.3f%n", label,
                    100 * counts.ruleShare(), counts.audited() == 0 ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * counts.agreement()),
                    summary.qoe().mean(), g == 0 ? "-" : String.format(Locale.ROOT, "%+.4f ± %.4f", mean, 2 * se),
                    summary.rebufferSeconds().mean(), report.msPerDecision(policy.name()));
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        if (values.length < 2) {
            return 0.0;
        }
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
