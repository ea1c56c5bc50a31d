package org.netllm.emulation.abr;

/**
 * A bandwidth trace: at {@code timesSeconds[i]} the link rate is {@code mbps[i]}; it loops when it runs out.
 */
public record Trace(String name, double[] timesSeconds, double[] mbps) {

    public Trace {
        if (timesSeconds.length != mbps.length || timesSeconds.length < 2) {
            throw new IllegalArgumentException("trace " + name + " needs at least 2 (time, Mbps) samples");
        }
    }

    public int length() {
        return timesSeconds.length;
    }
}
