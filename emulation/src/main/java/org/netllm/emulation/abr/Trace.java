package org.netllm.emulation.abr;

/**
 * A link: at {@code timesSeconds[i]} its rate is {@code mbps[i]}, looping when the samples run out, and every request
 * costs one round trip of {@code rttMs} (trace files carry no round trip: they get Pensieve's 80 ms).
 */
public record Trace(String name, double[] timesSeconds, double[] mbps, double rttMs) {

    /** Pensieve's round trip, the one every trace file is played with. */
    public static final double DEFAULT_RTT_MS = 80.0;

    public Trace {
        if (timesSeconds.length != mbps.length || timesSeconds.length < 2) {
            throw new IllegalArgumentException("trace " + name + " needs at least 2 (time, Mbps) samples");
        }
        if (!(rttMs >= 0)) {
            throw new IllegalArgumentException("trace " + name + ": round trip " + rttMs + " ms is not >= 0");
        }
    }

    /** A trace with Pensieve's 80 ms round trip. */
    public Trace(String name, double[] timesSeconds, double[] mbps) {
        this(name, timesSeconds, mbps, DEFAULT_RTT_MS);
    }

    public int length() {
        return timesSeconds.length;
    }

    /** The same samples with another round trip. */
    public Trace withRtt(double rtt) {
        return new Trace(name, timesSeconds, mbps, rtt);
    }

    /** Every rate times {@code factor} (> 0), the times and round trip unchanged, named {@code name}. */
    public Trace scaled(String scaledName, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("trace " + name + ": scale " + factor + " is not > 0");
        }
        double[] scaledMbps = new double[mbps.length];
        for (int i = 0; i < mbps.length; i++) {
            scaledMbps[i] = mbps[i] * factor;
        }
        return new Trace(scaledName, timesSeconds, scaledMbps, rttMs);
    }
}
