package org.netllm.controller.abr.pensieve;

import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.errors.InvalidInputException;

/**
 * Pensieve's state (Mao et al., SIGCOMM 2017), a {@value #ROWS} × {@value #HISTORY} matrix in Pensieve's units and
 * layout: row 0 the last bitrate over the top bitrate, row 1 the buffer in tens of seconds, row 2 the past chunks'
 * throughputs in MB/s, row 3 their download times in tens of seconds, row 4 the next chunk's sizes in MB (one slot
 * per level, the rest 0), row 5 the chunks left over {@value #CHUNK_CAP}. Histories hold the newest sample last and
 * zeros before the first; the scalar rows' newest value is the last column (what the network reads).
 */
public final class PensieveState {

    /** Rows of the state matrix. */
    public static final int ROWS = 6;
    /** Past chunks the histories keep (Pensieve's S_LEN). */
    public static final int HISTORY = 8;
    /** The ladder size Pensieve's network is built for (its A_DIM). */
    public static final int LEVELS = 6;
    /** Pensieve's cap on the chunks-left count. */
    public static final double CHUNK_CAP = 48.0;
    /** Pensieve's buffer normalisation, seconds. */
    static final double BUFFER_NORM_SECONDS = 10.0;

    private PensieveState() {
    }

    /**
     * Writes the state of {@code observation} into {@code into} at {@code offset} ({@value #ROWS}·{@value #HISTORY}
     * floats, row-major). A ladder with more levels than {@value #LEVELS} is refused: the network has one output per
     * level of a 6-level ladder, and no mapping of a longer ladder onto it keeps the levels' meaning.
     */
    public static void write(AbrObservation observation, float[] into, int offset) {
        int levels = observation.video().levels();
        if (levels > LEVELS) {
            throw new InvalidInputException("pensieve decides among at most " + LEVELS + " levels (its network was "
                    + "built for a 6-level ladder); video " + observation.video().name() + " has " + levels
                    + " levels: use a ladder of at most 6 levels or another policy");
        }
        java.util.Arrays.fill(into, offset, offset + ROWS * HISTORY, 0f);
        int last = HISTORY - 1;
        int[] ladder = observation.bitratesKbps();
        into[offset + last] = (float) (ladder[observation.lastLevel()] / (double) ladder[ladder.length - 1]);
        into[offset + HISTORY + last] = (float) (observation.bufferSeconds() / BUFFER_NORM_SECONDS);
        List<ChunkDownload> history = observation.history();
        int samples = Math.min(HISTORY, history.size());
        for (int i = 0; i < samples; i++) {
            ChunkDownload d = history.get(history.size() - samples + i);
            int column = HISTORY - samples + i;
            into[offset + 2 * HISTORY + column] = (float) d.throughputMBps();
            into[offset + 3 * HISTORY + column] = (float) (d.delayMs() / 1000.0 / BUFFER_NORM_SECONDS);
        }
        long[] sizes = observation.nextChunkSizes();
        for (int level = 0; level < levels; level++) {
            into[offset + 4 * HISTORY + level] = (float) (sizes[level] / 1e6);
        }
        into[offset + 5 * HISTORY + last] = (float) (Math.min(observation.chunksLeft(), CHUNK_CAP) / CHUNK_CAP);
    }

    /** The state of one observation as a fresh array. */
    public static float[] of(AbrObservation observation) {
        float[] state = new float[ROWS * HISTORY];
        write(observation, state, 0);
        return state;
    }
}
