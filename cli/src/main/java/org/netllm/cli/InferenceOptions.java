package org.netllm.cli;

import org.netllm.adapt.rl.ReturnConditionedPolicy;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** How a served adapted ABR model computes its decisions: {@code --inference engine|compiled}, {@code --compiled-threads}. */
public final class InferenceOptions {

    @Option(names = "--inference", defaultValue = "engine", paramLabel = "engine|compiled",
            description = "Adapted ABR model: decide through the engine (PyTorch) or the compiled Java forward (LoRA "
                    + "merged, each batch of sessions in one pass; see docs/results/latency.md) "
                    + "(default: ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--compiled-threads", defaultValue = "2", paramLabel = "N",
            description = "Threads of each compiled forward pass (default: ${DEFAULT-VALUE}).")
    int compiledThreads;

    /** Checks the options (before anything slow starts). */
    public void check() {
        if (!inference.equals("engine") && !inference.equals("compiled")) {
            throw new InvalidInputException("unknown --inference '" + inference + "'; use engine or compiled");
        }
        if (compiledThreads < 1) {
            throw new InvalidInputException("--compiled-threads must be at least 1, got " + compiledThreads);
        }
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
