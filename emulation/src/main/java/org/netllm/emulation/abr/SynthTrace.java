package org.netllm.emulation.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pensieve's synthetic bandwidth traces: a Markov chain over throughput states, one sample per second. Each second
 * the chain leaves its state with probability {@code switchProbability} (so a state lasts a geometric number of
 * seconds) for a uniformly chosen other state; a sample is Gaussian around the state's mean with a standard
 * deviation of {@code noise} times the mean, {@code noise} drawn per trace from
 * U({@code minNoise}, {@code maxNoise}), floored at {@link #FLOOR_MBPS}. State means are evenly spaced over
 * [{@code minMbps}, {@code maxMbps}]. Seeded and deterministic. This class is threadsafe.
 *
 * @param minMbps           mean of the slowest state
 * @param maxMbps           mean of the fastest state
 * @param states            number of throughput states
 * @param switchProbability chance per second of leaving the current state
 * @param minNoise          lower end of the per-trace relative noise
 * @param maxNoise          upper end of the per-trace relative noise
 * @param seconds           samples per trace (times 0, 1, ..., seconds - 1)
 */
public record SynthTrace(double minMbps, double maxMbps, int states, double switchProbability, double minNoise,
                         double maxNoise, int seconds) {

    /** No sample is slower than this, so every chunk eventually arrives. */
    public static final double FLOOR_MBPS = 0.05;

    /**
     * The project's "SynthTrace" setting, wider and faster-changing than FCC (whose test traces average 1.4 Mbps
     * with 5 s samples that change slowly): 10 states over 0.2-6 Mbps, a state lasting 4 s on average, 2-10%
     * noise, 320 s per trace.
     */
    public static final SynthTrace WIDE = new SynthTrace(0.2, 6.0, 10, 0.25, 0.02, 0.10, 320);

    public SynthTrace {
        if (!(minMbps > 0) || !(maxMbps >= minMbps) || states < 1 || !(switchProbability >= 0)
                || !(switchProbability <= 1) || !(minNoise >= 0) || !(maxNoise >= minNoise) || seconds < 2) {
            throw new IllegalArgumentException("invalid synthetic trace parameters: " + minMbps + "-" + maxMbps
                    + " Mbps, " + states + " states, switch " + switchProbability + ", noise " + minNoise + "-"
                    + maxNoise + ", " + seconds + " s");
        }
    }

    /** One trace from {@code seed}. */
    public Trace generate(String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double noise = minNoise + (maxNoise - minNoise) * random.nextDouble();
        int state = random.nextInt(states);
        double[] times = new double[seconds];
        double[] mbps = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            if (i > 0 && states > 1 && random.nextDouble() < switchProbability) {
                state = (state + 1 + random.nextInt(states - 1)) % states;
            }
            double mean = stateMean(state);
            double sample = mean + noise * mean * random.nextGaussian();
            times[i] = i;
            // Three decimals, as the data sets store them; written files then read back to the same trace.
            mbps[i] = Math.round(Math.max(sample, FLOOR_MBPS) * 1000.0) / 1000.0;
        }
        return new Trace(name, times, mbps);
    }

    /** {@code count} traces named {@code synth_0000...}, trace i seeded by a stream split from {@code seed}. */
    public List<Trace> generate(int count, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Trace> traces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            traces.add(generate(String.format("synth_%04d", i), seeds.nextLong()));
        }
        return traces;
    }

    double stateMean(int state) {
        return states == 1 ? minMbps : minMbps + (maxMbps - minMbps) * state / (states - 1);
    }
}
