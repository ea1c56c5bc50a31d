package org.netllm.adaptation.abr;

import java.util.List;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.Trace;

/**
 * Validation sessions for model selection: every trace streamed on one video from pointer 1.
 *
 * @param name   how reports name it (trace set and video)
 * @param video  the video streamed
 * @param traces the traces, never a test set
 */
public record ValidationSet(String name, Video video, List<Trace> traces) {

    public ValidationSet {
        traces = List.copyOf(traces);
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("validation set " + name + " has no traces");
        }
    }
}
