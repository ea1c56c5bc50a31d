package org.netllm.emulation.abr;

import java.util.List;
import java.util.SplittableRandom;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.Video;

/**
 * Pensieve's training environment: an endless series of episodes, each a whole video on a uniformly random trace
 * from a uniformly random start pointer (1..length-1), with every chunk's delay multiplied by U(0.9, 1.1) noise.
 * Traces, start pointers and noise all come from one generator seeded once, so the series is the same for a
 * given seed provided episodes are played in the order they were handed out (an episode's noise draws come
 * between the draws that pick the next episode). Not threadsafe: one per collecting thread.
 */
public final class AbrTrainingEnvironment {

    /** One episode: where it starts and the noisy simulator to play it in. */
    public record Episode(Trace trace, int startPointer, AbrSimulator simulator) {

        /** Plays the whole episode under {@code controller}. */
        public SessionResult play(AbrController controller, Video video) {
            return AbrSession.play(controller, simulator, video);
        }
    }

    private final List<Trace> traces;
    private final Video video;
    private final SplittableRandom random;

    public AbrTrainingEnvironment(List<Trace> traces, Video video, long seed) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("a training environment needs at least one trace");
        }
        this.traces = List.copyOf(traces);
        this.video = video;
        this.random = new SplittableRandom(seed);
    }

    public Video video() {
        return video;
    }

    /** The next episode of the series. */
    public Episode nextEpisode() {
        Trace trace = traces.get(random.nextInt(traces.size()));
        int startPointer = 1 + random.nextInt(trace.length() - 1);
        return new Episode(trace, startPointer, new AbrSimulator(trace, video, startPointer, random));
    }
}
