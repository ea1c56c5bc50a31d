package org.netllm.cli;

import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.adapt.rl.ReturnConditionedPolicy;
import org.netllm.cli.abr.PolicySpecs;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.gate.GatedPolicy;
import org.netllm.controller.abr.gate.Hold;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * How a served adapted ABR model computes its decisions: {@code --inference engine|compiled}, {@code --compiled-threads},
 * and whether a gate's rule answers some of them first ({@code --gate}).
 */
public final class InferenceOptions {

    @Option(names = "--inference", defaultValue = "engine", paramLabel = "engine|compiled",
            description = "Adapted model (ABR, or VP in load): decide through the engine (PyTorch) or the compiled Java "
                    + "forward (LoRA merged, each batch of sessions in one pass; see docs/results/latency.md) "
                    + "(default: ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--compiled-threads", defaultValue = "2", paramLabel = "N",
            description = "Threads of each compiled forward pass (default: ${DEFAULT-VALUE}).")
    int compiledThreads;

    @Option(names = "--gate", paramLabel = "RULE@GATE",
            description = "Adapted ABR model: put it behind a gate, e.g. hold@consensus:robust-mpc (the rule answers "
                    + "where the gate allows, the model the rest; see 'abr gate' and docs/results/latency.md). "
                    + "Default: none, the model answers every decision.")
    String gate;

    /** The model's batched policy behind {@code --gate}, or the model's own when no gate is given. */
    public BatchAbrPolicy gated(BatchAbrPolicy model) {
        if (gate == null) {
            return model;
        }
        int at = gate.indexOf('@');
        if (at < 1) {
            throw new InvalidInputException("--gate " + gate + " is not RULE@GATE; write e.g. hold@consensus:robust-mpc");
        }
        String ruleName = gate.substring(0, at).strip();
        AbrPolicy rule = ruleName.equals(Hold.NAME) ? new Hold() : PolicySpecs.registry().online(ruleName);
        return BatchAbrPolicy.gated(model, rule, GatedPolicy.gate(gate.substring(at + 1)));
    }

    /** The served policy's name: the model's, with the gate when one is given. */
    public String gatedName(String model) {
        return gate == null ? model : model + "|" + gate.strip();
    }

    /** The {@code --gate} spec, if given. */
    public java.util.Optional<String> gate() {
        return java.util.Optional.ofNullable(gate);
    }

    /** Checks the options (before anything slow starts). */
    public void check() {
        if (gate != null) {
            gated(BatchAbrPolicy.perSession(new Hold())); // a malformed spec fails before a model loads
        }
        if (!inference.equals("engine") && !inference.equals("compiled")) {
            throw new InvalidInputException("unknown --inference '" + inference + "'; use engine or compiled");
        }
        if (compiledThreads < 1) {
            throw new InvalidInputException("--compiled-threads must be at least 1, got " + compiledThreads);
        }
    }

    /** Sets the VP model's way of predicting. */
    public void applyTo(NetllmVpPredictor model) {
        check();
        model.setInference(inference.equals("compiled") ? NetllmVpPredictor.Inference.COMPILED
                : NetllmVpPredictor.Inference.ENGINE, compiledThreads);
    }

    /** Sets the imitation model's way of deciding. */
    public void applyTo(NetllmImitationPolicy model) {
        check();
        model.setInference(inference.equals("compiled") ? NetllmImitationPolicy.Inference.COMPILED
                : NetllmImitationPolicy.Inference.ENGINE, compiledThreads);
    }

    /** Sets the model's way of deciding. */
    public void applyTo(NetllmAbrPolicy model) {
        check();
        if (inference.equals("compiled")) {
            model.inference().setCompiledThreads(compiledThreads);
            model.inference().setInference(ReturnConditionedPolicy.Inference.COMPILED);
        }
    }
}
