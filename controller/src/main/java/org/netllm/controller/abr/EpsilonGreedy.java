package org.netllm.controller.abr;

import java.util.SplittableRandom;

/**
 * A policy that, at each decision, plays a uniformly random level with probability {@code epsilon} and the base
 * policy's choice otherwise; used to collect experience that covers more than the base policy's own trajectories.
 * Named {@code base@eps=E}, e.g. {@code robust-mpc@eps=0.1}.
 *
 * <p>The randomness comes from the seed given to {@link #newSession(long)}, so a seeded collection replays exactly;
 * {@link #newSession()} uses seed 0. The base controller is consulted at every decision, explored or not, so a
 * stateful base sees the same observations either way. This class is threadsafe; its sessions are not.
 */
public record EpsilonGreedy(AbrPolicy base, double epsilon) implements AbrPolicy {

    public EpsilonGreedy {
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
    }

    @Override
    public String name() {
        return base.name() + "@eps=" + epsilon;
    }

    @Override
    public AbrController newSession() {
        return newSession(0L);
    }

    @Override
    public AbrController newSession(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        AbrController exploit = base.newSession(random.nextLong());
        return observation -> {
            int greedy = exploit.chooseLevel(observation);
            if (random.nextDouble() < epsilon) {
                return random.nextInt(observation.video().levels());
            }
            return greedy;
        };
    }
}
