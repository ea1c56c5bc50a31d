package org.netllm.controller.abr;

/**
 * Rate-based adaptation: the highest level whose bitrate does not exceed the harmonic-mean throughput of the
 * last five chunks, the lowest level if none does. Stateless. This class is threadsafe.
 */
public record RateBased() implements AbrPolicy, AbrController {

    /** Kilobits per second in one MB/s (1 MB = 10^6 bytes = 8000 kbit). */
    static final double KBPS_PER_MBPS = 8000.0;

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        double estimateKbps = HarmonicThroughput.estimateMBps(observation.history()) * KBPS_PER_MBPS;
        int[] ladder = observation.bitratesKbps();
        for (int level = ladder.length - 1; level > 0; level--) {
            if (ladder[level] <= estimateKbps) {
                return level;
            }
        }
        return 0;
    }
}
