package org.netllm.cli.abr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.DemoCommand;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.emulation.abr.AbrEvaluation;

/**
 * Turns a policy spec of the command line into something the evaluation can play: a classic policy name,
 * {@code optimal}, or an adapted model, {@code netllm:default} (the committed default adapter) or
 * {@code netllm:DIR}.
 */
public final class PolicySpecs {

    public static final String NETLLM_PREFIX = "netllm:";

    /** How adapted models decide: greedy or sampled, an optional target return override, and their context. */
    public record ModelOptions(NetllmAbrPolicy.Decoding decoding, OptionalDouble targetReturn, Context context) {

        public static final ModelOptions DEFAULT = new ModelOptions(new NetllmAbrPolicy.Decoding.Greedy(),
                OptionalDouble.empty(), Context.SLIDING);

        /** These options with the context named on the command line ({@code sliding} or {@code restart}). */
        public ModelOptions withContext(String name) {
            return new ModelOptions(decoding, targetReturn, context(name));
        }

        /** The context named on the command line ({@code sliding} or {@code restart}). */
        public static Context context(String name) {
            return switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "sliding" -> Context.SLIDING;
                case "restart" -> Context.RESTART;
                default -> throw new InvalidInputException("--context " + name + " is not one of sliding (the last w"
                        + " steps, NetLLM's) or restart (grow to w, restart from the last w/2: key/value cache reuse)");
            };
        }
    }

    private PolicySpecs() {
    }

    public static AbrEvaluation.Contender contender(String spec, ModelOptions options) {
        String s = spec.strip();
        if (s.startsWith(NETLLM_PREFIX)) {
            return new AbrEvaluation.Online(adaptedModel(s, options));
        }
        return AbrEvaluation.Contender.byName(s);
    }

    /** Loads the adapter a {@code netllm:...} spec names. */
    public static NetllmAbrPolicy adaptedModel(String spec, ModelOptions options) {
        Path dir = adapterDirectory(spec);
        NetllmAbrPolicy policy = NetllmAbrPolicy.load(dir, options.decoding(), options.targetReturn());
        policy.inference().setContext(options.context());
        return policy;
    }

    /** The adapter folder of a {@code netllm:default} or {@code netllm:DIR} spec. */
    public static Path adapterDirectory(String spec) {
        String target = spec.strip().substring(NETLLM_PREFIX.length());
        if (target.isEmpty()) {
            throw new InvalidInputException("policy '" + spec + "' names no adapter; write netllm:default or "
                    + "netllm:DIR with the folder 'netllm abr adapt --out' wrote");
        }
        Path dir = target.equals("default") ? DataDirectory.projectRoot().resolve(DemoCommand.DEFAULT_MODEL)
                : Path.of(target);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("policy '" + spec + "': adapter folder " + dir + " does not exist; "
                    + "adapt one with 'netllm abr adapt --out DIR' or use netllm:default");
        }
        return dir;
    }
}
