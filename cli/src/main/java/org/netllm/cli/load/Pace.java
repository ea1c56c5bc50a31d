package org.netllm.cli.load;

import org.netllm.errors.InvalidInputException;

/**
 * How fast simulated clients go: {@code realtime} (a chunk takes the trace's time, a viewer posts at 5 Hz),
 * {@code xK} (K times faster), or {@code flat} (no waiting at all: the server's raw decision capacity).
 *
 * @param speedup how many times faster than real time; infinite for flat out
 */
public record Pace(double speedup) {

    /** Parses {@code realtime}, {@code xK} or {@code flat}. */
    public static Pace parse(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("realtime")) {
            return new Pace(1);
        }
        if (s.equals("flat")) {
            return new Pace(Double.POSITIVE_INFINITY);
        }
        if (s.startsWith("x")) {
            try {
                double k = Double.parseDouble(s.substring(1));
                if (k > 0 && Double.isFinite(k)) {
                    return new Pace(k);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidInputException("--pace " + text + " is not realtime, xK (K > 0, e.g. x10) or flat");
    }

    /** Real milliseconds for {@code simulatedMs} of client time. */
    public long wallMs(double simulatedMs) {
        return Double.isInfinite(speedup) ? 0 : Math.round(simulatedMs / speedup);
    }

    @Override
    public String toString() {
        return Double.isInfinite(speedup) ? "flat" : speedup == 1 ? "realtime" : "x" + speedup;
    }
}
