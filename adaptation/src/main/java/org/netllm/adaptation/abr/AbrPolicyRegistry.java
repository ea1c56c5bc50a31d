package org.netllm.adaptation.abr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.emulation.abr.AbrEvaluation.Contender;
import org.netllm.emulation.abr.AbrExpert;
import org.netllm.errors.InvalidInputException;

/**
 * Every ABR policy by its name, for every command and the servers: the classic ones ({@code bba}, {@code mpc},
 * {@code robust-mpc}, {@code rate}, each optionally {@code NAME@eps=E}), the offline optimum ({@code optimal},
 * which needs the whole trace, so only evaluation and collection play it) and the experts that see the future
 * ({@code oracle-mpc:H}, {@code replan}, {@code replan:H}: likewise), adapted models
 * ({@code netllm:default}, the committed default adapter, or {@code netllm:DIR}), and the learned baselines, Pensieve's
 * actor trained without and with GENET's curriculum ({@code pensieve} and {@code genet}, the committed actors, or
 * {@code pensieve:DIR} and {@code genet:DIR}).
 *
 * @param defaultModel   the adapter folder {@code netllm:default} names
 * @param modelOptions   how adapted models decide
 * @param baselineModels the folder holding the committed {@code pensieve/} and {@code genet/} actors
 */
public record AbrPolicyRegistry(Path defaultModel, ModelOptions modelOptions, Path baselineModels) {

    /** The prefix of an adapted model's name. */
    public static final String MODEL_PREFIX = "netllm:";
    /** The learned baselines' names (each also the committed actor's folder); {@code NAME:DIR} names another. */
    public static final List<String> LEARNED = List.of("pensieve", "genet");

    /** Every name family, in the order help texts list them. */
    public static final List<String> NAMES = List.of("bba", "mpc", "robust-mpc", "rate", Contender.OPTIMAL,
            "oracle-mpc:H", "replan", "replan:H",
            "netllm:default", "netllm:DIR", "pensieve", "pensieve:DIR", "genet", "genet:DIR");

    /** A registry whose learned baselines are the folders beside {@code defaultModel}. */
    public AbrPolicyRegistry(Path defaultModel, ModelOptions modelOptions) {
        this(defaultModel, modelOptions, defaultModel.getParent() == null ? Path.of("") : defaultModel.getParent());
    }

    /** This registry with other model options. */
    public AbrPolicyRegistry with(ModelOptions options) {
        return new AbrPolicyRegistry(defaultModel, options, baselineModels);
    }

    /** Whether {@code name} names a learned baseline ({@code pensieve}, {@code genet}, or either {@code :DIR}). */
    public static boolean isLearned(String name) {
        String s = name.strip();
        return LEARNED.stream().anyMatch(b -> s.equals(b) || s.startsWith(b + ":"));
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
        Optional<AbrExpert> expert = AbrExpert.byName(s);
        if (expert.isPresent()) {
            return new AbrEvaluation.Expert(expert.get());
        }
        return new AbrEvaluation.Online(online(s));
    }

    /** An online policy (what a live server can run); {@code optimal} is refused with the reason. */
    public AbrPolicy online(String name) {
        String s = name.strip();
        if (AbrExpert.byName(s).isPresent()) {
            throw new InvalidInputException("policy '" + s + "' sees the future of the trace, so only 'abr eval' "
                    + "and 'abr collect' can play it; choose one of " + String.join(", ", online()));
        }
        if (s.equals(Contender.OPTIMAL)) {
            throw new InvalidInputException("policy 'optimal' needs the whole trace in advance, so only 'abr eval' "
                    + "and 'abr collect' can play it; choose one of " + String.join(", ", online()));
        }
        if (isModel(s)) {
            Path dir = adapterDirectory(s);
            if (NetllmImitationPolicy.isImitation(AdapterCheckpoint.readConfig(dir))) {
                return NetllmImitationPolicy.load(dir);
            }
            return model(s);
        }
        if (isLearned(s)) {
            return learned(s);
        }
        try {
            return AbrPolicies.byName(s);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + "; also '" + Contender.OPTIMAL + "' (the offline bound, "
                    + "in evaluation and collection), the experts oracle-mpc:H, replan and replan:H (likewise), adapted models netllm:default or netllm:DIR, and the learned baselines "
                    + "pensieve, genet, pensieve:DIR or genet:DIR");
        }
    }

    /** Loads the adapter a {@code netllm:default} or {@code netllm:DIR} name names (the caller closes it). */
    public NetllmAbrPolicy model(String name) {
        NetllmAbrPolicy policy = NetllmAbrPolicy.load(adapterDirectory(name), modelOptions.decoding(),
                modelOptions.targetReturn());
        policy.inference().setContext(modelOptions.context());
        return policy;
    }

    /** Loads the actor a {@code pensieve}, {@code genet} or {@code NAME:DIR} name names (the caller closes it). */
    public PensievePolicy learned(String name) {
        String s = name.strip();
        if (!isLearned(s)) {
            throw new InvalidInputException("policy '" + s + "' is not a learned baseline; write pensieve, genet, "
                    + "pensieve:DIR or genet:DIR with the folder 'netllm abr train-pensieve --out' wrote");
        }
        int colon = s.indexOf(':');
        if (colon == s.length() - 1) {
            throw new InvalidInputException("policy '" + s + "' names no folder; write " + s.substring(0, colon)
                    + " (the committed actor) or " + s + "DIR with the folder 'netllm abr train-pensieve --out' wrote");
        }
        Path dir = colon < 0 ? baselineModels.resolve(s) : Path.of(s.substring(colon + 1));
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
        return NAMES.stream().filter(n -> !n.equals(Contender.OPTIMAL) && AbrExpert.byName(n.replace(":H", ""))
                .isEmpty()).toList();
    }
}
