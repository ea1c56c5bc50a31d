package org.netllm.controller.abr;

/**
 * Buffer-based adaptation (Huang et al., SIGCOMM 2014) as Pensieve implements it: the lowest level below the
 * reservoir, the top level above reservoir + cushion, and a linear map of the buffer onto the ladder between.
 * Stateless, so one instance serves every session. This class is threadsafe.
 *
 * @param reservoirSeconds buffer below which the lowest level is fetched
 * @param cushionSeconds   width of the linear ramp from the lowest to the top level
 */
public record Bba(double reservoirSeconds, double cushionSeconds) implements AbrPolicy, AbrController {

    /** Pensieve's parameters: 5 s reservoir, 10 s cushion. */
    public static final Bba PENSIEVE = new Bba(5.0, 10.0);

    public Bba {
        if (!(reservoirSeconds >= 0) || !(cushionSeconds > 0)) {
            throw new IllegalArgumentException("BBA needs reservoir >= 0 and cushion > 0, got " + reservoirSeconds
                    + " and " + cushionSeconds);
        }
    }

    @Override
    public String name() {
        return "bba";
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        return levelFor(observation.bufferSeconds(), observation.video().topLevel());
    }

    /** The level for a buffer of {@code bufferSeconds} on a ladder whose top level is {@code topLevel}. */
    public int levelFor(double bufferSeconds, int topLevel) {
        if (bufferSeconds < reservoirSeconds) {
            return 0;
        }
        if (bufferSeconds >= reservoirSeconds + cushionSeconds) {
            return topLevel;
        }
        return (int) (topLevel * (bufferSeconds - reservoirSeconds) / cushionSeconds);
    }
}
