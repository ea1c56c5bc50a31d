package org.netllm.controller.abr.netllm;

import java.util.List;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.head.HeadSpec;

/**
 * The ABR task on the NetLLM engine, as NetLLM defines it: per step six state inputs, each one token (last
 * bitrate, buffer, the last six throughputs, the last six download times, the next chunk's sizes, chunks left),
 * framed by the engine as {@code [return-to-go, six state tokens, action]}, and a categorical head over the
 * ladder read from the last state token.
 */
public final class AbrTask {

    public static final String LAST_BITRATE = "last_bitrate";
    public static final String BUFFER = "buffer";
    public static final String THROUGHPUTS = "throughputs";
    public static final String DOWNLOAD_TIMES = "download_times";
    public static final String NEXT_CHUNK_SIZES = "next_chunk_sizes";
    public static final String CHUNKS_LEFT = "chunks_left";

    private AbrTask() {
    }

    /** The state inputs in token order; sequences (1D-CNN) have one channel. */
    public static List<InputSpec> inputs(int levels) {
        return List.of(
                InputSpec.scalar(LAST_BITRATE, 1),
                InputSpec.scalar(BUFFER, 1),
                InputSpec.sequence(THROUGHPUTS, 1, AbrState.HISTORY),
                InputSpec.sequence(DOWNLOAD_TIMES, 1, AbrState.HISTORY),
                InputSpec.sequence(NEXT_CHUNK_SIZES, 1, levels),
                InputSpec.scalar(CHUNKS_LEFT, 1));
    }

    /** One of the ladder's levels; every level is always a valid answer. */
    public static HeadSpec head(int levels) {
        return new HeadSpec.Categorical(levels);
    }

    /** The state's arrays in {@link #inputs} order, flattened, as the engine's trajectories and batches take them. */
    public static List<float[]> arrays(AbrState state) {
        return List.of(
                new float[] {state.lastBitrate()},
                new float[] {state.buffer()},
                state.throughputs().clone(),
                state.downloadTimes().clone(),
                state.nextChunkSizes().clone(),
                new float[] {state.chunksLeft()});
    }
}
