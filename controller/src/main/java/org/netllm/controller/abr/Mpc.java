package org.netllm.controller.abr;

/**
 * Model predictive control (Yin et al., SIGCOMM 2015), "fastMPC" as Pensieve evaluates it: the harmonic mean of
 * the last five throughput samples as the forecast, a five-chunk lookahead maximising the linear QoE. Stateless.
 * This class is threadsafe.
 */
public record Mpc(QoeModel qoe, int horizon) implements AbrPolicy, AbrController {

    /** The configuration Pensieve, GENET and NetLLM compare against. */
    public static final Mpc PENSIEVE = new Mpc(QoeModel.LINEAR, MpcLookahead.HORIZON);

    public Mpc {
        if (horizon < 1) {
            throw new IllegalArgumentException("MPC horizon must be at least 1, got " + horizon);
        }
    }

    @Override
    public String name() {
        return "mpc";
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        double estimate = HarmonicThroughput.estimateMBps(observation.history());
        return MpcLookahead.bestFirstLevel(observation, estimate, qoe, horizon);
    }
}
