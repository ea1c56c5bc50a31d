package org.netllm.adaptation.abr;

import java.util.List;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * One logged streaming session: which policy acted on which trace, every chunk it downloaded, and the
 * reward of each decision.
 *
 * <p>Step {@code j} (0-based) is the decision for chunk {@code j + 1}: its observation is everything
 * downloaded up to chunk {@code j}, its action is chunk {@code j + 1}'s level and its reward that chunk's QoE.
 * Chunk 0 is fetched at level 0 without a decision, so an episode of N chunks has N - 1 steps.
 *
 * @param policy        index into {@link ExperiencePool#policies()}
 * @param trace         index into {@link ExperiencePool#traces()}
 * @param startPointer  the trace index the session started at
 * @param downloads     every chunk in order, chunk 0 first
 * @param rewards       one per step, the raw (un-normalised) per-chunk QoE
 */
public record Episode(int policy, int trace, int startPointer, List<ChunkDownload> downloads, float[] rewards) {

    public Episode {
        downloads = List.copyOf(downloads);
        if (downloads.size() < 2 || rewards.length != downloads.size() - 1) {
            throw new IllegalArgumentException("an episode of " + downloads.size() + " chunks needs "
                    + (downloads.size() - 1) + " rewards, got " + rewards.length);
        }
    }

    public int steps() {
        return rewards.length;
    }

    /** What the policy saw before step {@code step}. */
    public AbrObservation observation(int step, Video video) {
        return AbrObservation.after(downloads.subList(0, step + 1), video);
    }

    /** The level chosen at step {@code step}. */
    public int action(int step) {
        return downloads.get(step + 1).level();
    }

    public double reward(int step) {
        return rewards[step];
    }

    /** Sum of the raw rewards: the session's undiscounted return. */
    public double totalReward() {
        double sum = 0;
        for (float r : rewards) {
            sum += r;
        }
        return sum;
    }
}
