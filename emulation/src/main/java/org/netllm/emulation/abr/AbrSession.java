package org.netllm.emulation.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/** Plays one whole video through an {@link AbrSimulator} under a controller. */
public final class AbrSession {

    private AbrSession() {
    }

    /** Chunk 0 at level 0 with no decision, then the controller chooses every later chunk. */
    public static SessionResult play(AbrController controller, AbrSimulator simulator, Video video) {
        List<ChunkDownload> chunks = new ArrayList<>(video.chunkCount());
        chunks.add(simulator.download(0));
        while (!simulator.finished()) {
            AbrObservation observation = AbrObservation.after(chunks, video);
            int level = controller.chooseLevel(observation);
            if (level < 0 || level >= video.levels()) {
                throw new IllegalStateException("controller answered level " + level + " outside 0.." + video.topLevel());
            }
            chunks.add(simulator.download(level));
        }
        return SessionResult.score(chunks, video, QoeModel.LINEAR);
    }

    /** A deterministic (test-mode) session on a trace from a start pointer. */
    public static SessionResult play(AbrController controller, Trace trace, Video video, int startPointer) {
        return play(controller, new AbrSimulator(trace, video, startPointer), video);
    }
}
