package org.netllm.emulation.abr;

import java.util.Optional;
import org.netllm.controller.abr.Video;
import org.netllm.errors.InvalidInputException;

/**
 * An ABR expert that sees the future: it plans on the session's own trace from the simulator's exact state, so its
 * choices are a teacher's labels and an upper reference, never a deployable controller. Besides naming the best level
 * it values every level of the next chunk, which soft-target (cost-sensitive) imitation needs.
 *
 * <p>Names: {@code oracle-mpc:H} ({@link OracleMpc}, {@code oracle-mpc} alone is H = 5) and {@code replan} or
 * {@code replan:H} ({@link Replan}, the rest of the session or H chunks). Implementations are pure and threadsafe.
 */
public sealed interface AbrExpert permits OracleMpc, Replan {

    /** The name in reports and on the command line. */
    String name();

    /**
     * For every level of chunk {@code state.nextChunk()}: the total QoE (QoE_lin summed over the chunks the expert
     * plans, this one first) of fetching it at that level after a chunk at {@code lastLevel} and planning best after.
     * Values of one call are comparable with each other; higher is better.
     */
    double[] levelValues(Trace trace, Video video, AbrSimulator.State state, int lastLevel);

    /** The level with the highest value (the lowest such level on a tie). */
    default int chooseLevel(Trace trace, Video video, AbrSimulator.State state, int lastLevel) {
        return best(levelValues(trace, video, state, lastLevel));
    }

    /** The index of the largest value, the lowest on a tie. */
    static int best(double[] values) {
        int best = 0;
        for (int level = 1; level < values.length; level++) {
            if (values[level] > values[best]) {
                best = level;
            }
        }
        return best;
    }

    /** The expert called {@code name}, empty when the name is not an expert's; a malformed horizon is an error. */
    static Optional<AbrExpert> byName(String name) {
        String s = name.strip();
        if (s.equals(OracleMpc.NAME)) {
            return Optional.of(new OracleMpc(OracleMpc.DEFAULT_HORIZON));
        }
        if (s.startsWith(OracleMpc.NAME + ":")) {
            return Optional.of(new OracleMpc(horizon(s, OracleMpc.NAME, OracleMpc.MAX_HORIZON)));
        }
        if (s.equals(Replan.NAME)) {
            return Optional.of(Replan.REST_OF_SESSION);
        }
        if (s.startsWith(Replan.NAME + ":")) {
            return Optional.of(new Replan(horizon(s, Replan.NAME, Integer.MAX_VALUE), Replan.DEFAULT_SETTINGS));
        }
        return Optional.empty();
    }

    private static int horizon(String spec, String family, int max) {
        String value = spec.substring(family.length() + 1);
        String how = "; write " + family + ":H with H a whole number of chunks from 1 to "
                + (max == Integer.MAX_VALUE ? "the video's length" : Integer.toString(max)) + ", e.g. " + family + ":5";
        int h;
        try {
            h = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("policy '" + spec + "': horizon '" + value + "' is not a whole number" + how);
        }
        if (h < 1 || h > max) {
            throw new InvalidInputException("policy '" + spec + "': horizon " + h + " is out of range" + how);
        }
        return h;
    }
}
