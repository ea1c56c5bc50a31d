package org.netllm.controller.abr.netllm;

import java.util.Locale;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.Video;

/**
 * Which features an adapted ABR model reads: NetLLM's (absolute MB and MB/s, the committed models'), the
 * ladder- and scale-free normalisation, NetLLM's with only the sizes made ladder-free, or with the sizes and the
 * throughputs made ladder-relative; stored in a checkpoint's task settings so a model decides with the state
 * it was trained on.
 */
public enum AbrStateDefinition {
    /** NetLLM's and Pensieve's features ({@link AbrState#of}); checkpoints without a state field use it. */
    NETLLM,
    /** Features that mean the same on any ladder and any link ({@link AbrState#normalised}). */
    NORMALISED,
    /** NetLLM's features with the next chunk's sizes as download times ({@link AbrState#sizesAsTimes}). */
    SIZES_AS_TIMES,
    /** Sizes as download times and throughputs over the top bitrate ({@link AbrState#ladderRelative}). */
    LADDER_RELATIVE;

    /** The features of {@code observation} under this definition. */
    public AbrState features(AbrObservation observation) {
        return switch (this) {
            case NETLLM -> AbrState.of(observation);
            case NORMALISED -> AbrState.normalised(observation);
            case SIZES_AS_TIMES -> AbrState.sizesAsTimes(observation);
            case LADDER_RELATIVE -> AbrState.ladderRelative(observation);
        };
    }

    /**
     * A chunk's QoE in the units its return-to-go is counted in: as is for NetLLM's state and its two variants;
     * over the video's top bitrate (Mbps) for the normalised one, so that the best chunk earns 1 on any ladder and a
     * target return asks for the same share of the ladder whatever its bitrates.
     */
    public double reward(double qoe, Video video) {
        return this == NORMALISED ? qoe / video.bitrateMbps(video.topLevel()) : qoe;
    }

    /**
     * The command-line spelling: {@code netllm}, {@code normalised}, {@code sizes-as-times} or
     * {@code ladder-relative}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a {@link #label}; null when it is none of them. */
    public static AbrStateDefinition parse(String value) {
        for (AbrStateDefinition d : values()) {
            if (d.label().equals(value.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }
}
