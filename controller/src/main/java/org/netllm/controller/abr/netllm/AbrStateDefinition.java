package org.netllm.controller.abr.netllm;

import java.util.Locale;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.Video;

/**
 * Which features an adapted ABR model reads: NetLLM's (absolute MB and MB/s, the committed models') or the
 * ladder- and scale-free normalisation; stored in a checkpoint's task settings so a model decides with the state
 * it was trained on.
 */
public enum AbrStateDefinition {
    /** NetLLM's and Pensieve's features ({@link AbrState#of}); checkpoints without a state field use it. */
    NETLLM,
    /** Features that mean the same on any ladder and any link ({@link AbrState#normalised}). */
    NORMALISED;

    /** The features of {@code observation} under this definition. */
    public AbrState features(AbrObservation observation) {
        return this == NETLLM ? AbrState.of(observation) : AbrState.normalised(observation);
    }

    /**
     * A chunk's QoE in the units its return-to-go is counted in: as is for NetLLM's state; over the video's top
     * bitrate (Mbps) for the normalised one, so that the best chunk earns 1 on any ladder and a target return asks
     * for the same share of the ladder whatever its bitrates.
     */
    public double reward(double qoe, Video video) {
        return this == NETLLM ? qoe : qoe / video.bitrateMbps(video.topLevel());
    }

    /** The command-line spelling: {@code netllm} or {@code normalised}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code netllm} or {@code normalised}; null when it is neither. */
    public static AbrStateDefinition parse(String value) {
        for (AbrStateDefinition d : values()) {
            if (d.label().equals(value.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }
}
