package org.netllm.controller.abr.gate;

import java.util.Locale;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.errors.InvalidInputException;

/**
 * When a {@link GatedPolicy} lets its cheap rule answer instead of asking the model. The check itself must cost far
 * less than the model (microseconds, not milliseconds), so it reads only the observation and the rule's answer.
 */
public sealed interface Gate {

    /** The gate's spec on the command line, e.g. {@code consensus:bba}. */
    String spec();

    /** A check for one session (a witness rule may keep per-session state). */
    Check newCheck();

    /** One session's check. */
    interface Check {
        /** Whether the rule's answer {@code ruleLevel} stands without asking the model. */
        boolean ruleSuffices(AbrObservation observation, int ruleLevel);
    }

    /** Every decision goes to the model (the ungated policy, for comparison). */
    record Never() implements Gate {
        @Override
        public String spec() {
            return "never";
        }

        @Override
        public Check newCheck() {
            return (observation, ruleLevel) -> false;
        }
    }

    /**
     * The rule answers when a second, differently built rule (the witness) picks the same level. Two rules that read
     * different signals (RobustMPC the throughput forecast, BBA the buffer) agreeing marks a decision the state does
     * not contest; where they part, the decision is a judgement the model was trained to make.
     */
    record Consensus(AbrPolicy witness) implements Gate {
        @Override
        public String spec() {
            return "consensus:" + witness.name();
        }

        @Override
        public Check newCheck() {
            AbrController session = witness.newSession();
            return (observation, ruleLevel) -> session.chooseLevel(observation) == ruleLevel;
        }
    }

    /**
     * The rule answers while the player is comfortable: at least {@code minBufferSeconds} buffered and the throughput
     * forecast reliable (RobustMPC's largest recent relative forecast error at most {@code maxForecastError}), so
     * a wrong level costs bitrate for one chunk, not a stall.
     */
    record Comfort(double minBufferSeconds, double maxForecastError) implements Gate {
        public Comfort {
            if (!(minBufferSeconds >= 0) || !(maxForecastError >= 0)) {
                throw new InvalidInputException("a comfort gate needs a buffer of at least 0 s and a forecast error of"
                        + " at least 0, got " + minBufferSeconds + " and " + maxForecastError);
            }
        }

        @Override
        public String spec() {
            return String.format(Locale.ROOT, "comfort:%s,%s", minBufferSeconds, maxForecastError);
        }

        @Override
        public Check newCheck() {
            return (observation, ruleLevel) -> observation.bufferSeconds() >= minBufferSeconds
                    && observation.history().size() >= 2
                    && RobustMpc.maxRecentError(observation.history()) <= maxForecastError;
        }
    }

    /** Parses {@code never}, {@code consensus:RULE} or {@code comfort:BUFFER_S,ERROR}. */
    static Gate parse(String spec) {
        String s = spec.strip();
        String how = "; write never, consensus:RULE (e.g. consensus:bba) or comfort:BUFFER_S,ERROR (e.g. comfort:15,0.2)";
        if (s.equals("never")) {
            return new Never();
        }
        if (s.startsWith("consensus:")) {
            return new Consensus(AbrPolicies.byName(s.substring("consensus:".length())));
        }
        if (s.startsWith("comfort:")) {
            String[] parts = s.substring("comfort:".length()).split(",");
            if (parts.length != 2) {
                throw new InvalidInputException("gate '" + s + "' needs two numbers" + how);
            }
            try {
                return new Comfort(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("gate '" + s + "' has a part that is not a number" + how);
            }
        }
        throw new InvalidInputException("unknown gate '" + s + "'" + how);
    }
}
