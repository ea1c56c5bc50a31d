package org.netllm.controller.abr;

import java.util.List;
import java.util.Map;
import org.netllm.errors.InvalidInputException;

/**
 * The classic ABR policies by their command-line names: {@code bba}, {@code mpc}, {@code robust-mpc}, {@code rate},
 * each optionally with an exploration rate, {@code NAME@eps=E} ({@link EpsilonGreedy}). The offline optimum is not
 * here: it needs the whole trace, so the emulation module provides it.
 */
public final class AbrPolicies {

    private static final Map<String, AbrPolicy> CLASSIC = Map.of(
            "bba", Bba.PENSIEVE,
            "mpc", Mpc.PENSIEVE,
            "robust-mpc", RobustMpc.PENSIEVE,
            "rate", new RateBased());

    /** The valid base names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("bba", "mpc", "robust-mpc", "rate");

    private AbrPolicies() {
    }

    /** The policy called {@code name}; an unknown name or malformed suffix is an {@link InvalidInputException}. */
    public static AbrPolicy byName(String name) {
        String trimmed = name.strip();
        int at = trimmed.indexOf('@');
        String baseName = at < 0 ? trimmed : trimmed.substring(0, at);
        AbrPolicy base = CLASSIC.get(baseName);
        if (base == null) {
            throw new InvalidInputException("unknown ABR policy '" + baseName + "'; valid policies: "
                    + String.join(", ", NAMES) + " (optionally with an exploration rate, e.g. robust-mpc@eps=0.1)");
        }
        if (at < 0) {
            return base;
        }
        return new EpsilonGreedy(base, epsilon(trimmed, trimmed.substring(at + 1)));
    }

    private static double epsilon(String name, String suffix) {
        String how = "; write NAME@eps=E with E between 0 and 1, e.g. robust-mpc@eps=0.1";
        if (!suffix.startsWith("eps=")) {
            throw new InvalidInputException("policy '" + name + "': unknown option '" + suffix + "'" + how);
        }
        String value = suffix.substring("eps=".length());
        double epsilon;
        try {
            epsilon = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("policy '" + name + "': exploration rate '" + value + "' is not a number"
                    + how);
        }
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw new InvalidInputException("policy '" + name + "': exploration rate " + value + " is outside [0, 1]"
                    + how);
        }
        return epsilon;
    }
}
