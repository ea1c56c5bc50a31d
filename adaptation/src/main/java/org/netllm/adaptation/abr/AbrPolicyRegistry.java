package org.netllm.adaptation.abr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.AbrEvaluation.Contender;
import org.netllm.errors.InvalidInputException;

/**
 * Every ABR policy by its name, for every command and the servers: the classic ones ({@code bba}, {@code mpc},
 * {@code robust-mpc}, {@code rate}, each optionally {@code NAME@eps=E}), the offline optimum ({@code optimal},
 * which needs the whole trace, so only evaluation and collection play it), adapted models
 * ({@code netllm:default}, the committed default adapter, or {@code netllm:DIR}), and the learned baseline
 * ({@code pensieve}, the committed Pensieve actor, or {@code pensieve:DIR}).
 *
 * @param defaultModel    the adapter folder {@code netllm:default} names
 * @param modelOptions    how adapted models decide
 * @param pensieveModel   the Pensieve folder {@code pensieve} names
 */
public record AbrPolicyRegistry(Path defaultModel, ModelOptions modelOptions, Path pensieveModel) {

    /** The prefix of an adapted model's name. */
    public static final String MODEL_PREFIX = "netllm:";
    /** The learned baseline's name; {@code pensieve:DIR} names another trained actor. */
    public static final String PENSIEVE = "pensieve";
    /** The committed Pensieve actor's folder, beside the default adapter's. */
    public static final String PENSIEVE_FOLDER = "pensieve";

    /** Every name family, in the order help texts list them. */
    public static final List<String> NAMES = List.of("bba", "mpc", "robust-mpc", "rate", Contender.OPTIMAL,
            "netllm:default", "netllm:DIR", PENSIEVE, "pensieve:DIR");

    /** A registry whose {@code pensieve} is the {@value #PENSIEVE_FOLDER} folder beside {@code defaultModel}. */
    public AbrPolicyRegistry(Path defaultModel, ModelOptions modelOptions) {
        this(defaultModel, modelOptions, defaultModel.resolveSibling(PENSIEVE_FOLDER));
    }

    /** This registry with other model options. */
    public AbrPolicyRegistry with(ModelOptions options) {
        return new AbrPolicyRegistry(defaultModel, options, pensieveModel);
    }

    /** Whether {@code name} names a Pensieve actor ({@code pensieve} or {@code pensieve:DIR}). */
    public static boolean isPensieve(String name) {
        String s = name.strip();
        return s.equals(PENSIEVE) || s.startsWith(PENSIEVE + ":");
    }

    /** Whether {@code name} names an adapted model. */
    public static boolean isModel(String name) {
        return name.strip().startsWith(MODEL_PREFIX);
    }

    /** What evaluation and collection play for {@code name}: an online policy or the offline optimum. */
    public Contender contender(String name) {
        String s = name.strip();
        if (s.equals(Contender.OPTIMAL)) {
            return new AbrEvaluation.Optimal();
        }
        return new AbrEvaluation.Online(online(s));
    }

    /** An online policy (what a live server can run); {@code optimal} is refused with the reason. */
    public AbrPolicy online(String name) {
        String s = name.strip();
        if (s.equals(Contender.OPTIMAL)) {
            throw new InvalidInputException("policy 'optimal' needs the whole trace in advance, so only 'abr eval' "
                    + "and 'abr collect' can play it; choose one of " + String.join(", ", online()));
        }
        if (isModel(s)) {
            return model(s);
        }
        if (isPensieve(s)) {
            return pensieve(s);
        }
        try {
            return AbrPolicies.byName(s);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + "; also '" + Contender.OPTIMAL + "' (the offline bound, "
                    + "in evaluation and collection), adapted models netllm:default or netllm:DIR, and the learned baseline "
                    + "pensieve or pensieve:DIR");
        }
    }

    /** Loads the adapter a {@code netllm:default} or {@code netllm:DIR} name names (the caller closes it). */
    public NetllmAbrPolicy model(String name) {
        NetllmAbrPolicy policy = NetllmAbrPolicy.load(adapterDirectory(name), modelOptions.decoding(),
                modelOptions.targetReturn());
        policy.inference().setContext(modelOptions.context());
        return policy;
    }

    /** Loads the Pensieve actor a {@code pensieve} or {@code pensieve:DIR} name names (the caller closes it). */
    public PensievePolicy pensieve(String name) {
        String s = name.strip();
        if (!isPensieve(s)) {
            throw new InvalidInputException("policy '" + s + "' is not a Pensieve actor; write pensieve or "
                    + "pensieve:DIR with the folder 'netllm abr train-pensieve --out' wrote");
        }
        if (s.equals(PENSIEVE + ":")) {
            throw new InvalidInputException("policy '" + s + "' names no folder; write pensieve (the committed "
                    + pensieveModel + ") or pensieve:DIR with the folder 'netllm abr train-pensieve --out' wrote");
        }
        Path dir = s.equals(PENSIEVE) ? pensieveModel : Path.of(s.substring(PENSIEVE.length() + 1));
        return PensievePolicy.load(s, dir);
    }

    /** The adapter folder of a {@code netllm:default} or {@code netllm:DIR} name. */
    public Path adapterDirectory(String name) {
        String s = name.strip();
        if (!isModel(s)) {
            throw new InvalidInputException("policy '" + s + "' is not an adapted model; write netllm:default or "
                    + "netllm:DIR with the folder 'netllm abr adapt --out' wrote");
        }
        String target = s.substring(MODEL_PREFIX.length());
        if (target.isEmpty()) {
            throw new InvalidInputException("policy '" + s + "' names no adapter; write netllm:default or "
                    + "netllm:DIR with the folder 'netllm abr adapt --out' wrote");
        }
        Path dir = target.equals("default") ? defaultModel : Path.of(target);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("policy '" + s + "': adapter folder " + dir + " does not exist; "
                    + "adapt one with 'netllm abr adapt --out DIR' or use netllm:default");
        }
        return dir;
    }

    private static List<String> online() {
        return NAMES.stream().filter(n -> !n.equals(Contender.OPTIMAL)).toList();
    }
}
