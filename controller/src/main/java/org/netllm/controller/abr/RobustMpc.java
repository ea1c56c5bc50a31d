package org.netllm.controller.abr;

import java.util.List;

/**
 * RobustMPC (Yin et al., SIGCOMM 2015): MPC whose throughput forecast is discounted by the worst recent forecast
 * error, {@code estimate / (1 + max error)} over the last five decisions.
 *
 * <p>The error at a decision is {@code |forecast made at the previous decision - sample of the chunk just
 * downloaded| / that sample}; there is none at the first decision. Every forecast is a function of the samples
 * available then, so the errors are recomputed from the observation's history and the controller keeps no state:
 * the errors equal those a stateful implementation records once per decision. This class is threadsafe.
 */
public record RobustMpc(QoeModel qoe, int horizon) implements AbrPolicy, AbrController {

    /** How many recent forecast errors bound the discount. */
    public static final int ERROR_WINDOW = 5;

    /** The configuration Pensieve, GENET and NetLLM compare against. */
    public static final RobustMpc PENSIEVE = new RobustMpc(QoeModel.LINEAR, MpcLookahead.HORIZON);

    public RobustMpc {
        if (horizon < 1) {
            throw new IllegalArgumentException("RobustMPC horizon must be at least 1, got " + horizon);
        }
    }

    @Override
    public String name() {
        return "robust-mpc";
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        return MpcLookahead.bestFirstLevel(observation, discountedEstimateMBps(observation.history()), qoe, horizon);
    }

    /** The harmonic-mean forecast divided by one plus the largest of the last five forecast errors. */
    public static double discountedEstimateMBps(List<ChunkDownload> history) {
        return HarmonicThroughput.estimateMBps(history) / (1.0 + maxRecentError(history));
    }

    /** The largest of the last {@link #ERROR_WINDOW} forecast errors, 0 when there is none yet. */
    public static double maxRecentError(List<ChunkDownload> history) {
        int decisions = history.size();
        double max = 0.0;
        // The decision taken with m downloads in hand measures the forecast made with m - 1 of them.
        for (int m = Math.max(2, decisions - ERROR_WINDOW + 1); m <= decisions; m++) {
            max = Math.max(max, forecastError(history, m));
        }
        return max;
    }

    /** The error measured at the decision taken with the first {@code available} downloads in hand (≥ 2). */
    public static double forecastError(List<ChunkDownload> history, int available) {
        double forecast = HarmonicThroughput.estimateMBps(history, available - 1);
        double sample = history.get(available - 1).throughputMBps();
        return Math.abs(forecast - sample) / sample;
    }
}
