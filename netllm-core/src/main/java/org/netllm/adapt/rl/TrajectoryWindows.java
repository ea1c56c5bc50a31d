package org.netllm.adapt.rl;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.model.TrainingBatch;
import org.netllm.adapt.train.BatchSampler;

/**
 * Training windows for the return-conditioned pipeline: up to w steps of one episode (shorter at the episode's end,
 * right-padded), starting where {@link Start} says.
 */
public final class TrajectoryWindows implements BatchSampler {

    /** Where a training window starts. */
    public enum Start {
        /** At a step drawn uniformly over all logged steps: NetLLM's windows, matching a sliding context. */
        ANYWHERE,
        /**
         * At its episode's first step, the episode drawn in proportion to its length: the context a session has
         * at inference when it grows from the session's start and never slides, so every position a step takes
         * in training is the one it takes when deciding.
         */
        EPISODE_START
    }

    private final List<Trajectory> trajectories;
    private final List<long[]> shapes;
    private final int labelWidth;
    private final ReturnConditioning conditioning;
    private final long[] cumulativeSteps;
    private final Start start;

    /**
     * Windows starting anywhere ({@link Start#ANYWHERE}).
     *
     * @param arrayShapes per-step shapes of the encoder's arrays ({@code MultimodalEncoder.arrayShapes()})
     */
    public TrajectoryWindows(List<Trajectory> trajectories, List<long[]> arrayShapes, int labelWidth,
            ReturnConditioning conditioning) {
        this(trajectories, arrayShapes, labelWidth, conditioning, Start.ANYWHERE);
    }

    /**
     * @param arrayShapes per-step shapes of the encoder's arrays ({@code MultimodalEncoder.arrayShapes()})
     * @param start       where windows start
     */
    public TrajectoryWindows(List<Trajectory> trajectories, List<long[]> arrayShapes, int labelWidth,
            ReturnConditioning conditioning, Start start) {
        this.start = start;
        this.trajectories = List.copyOf(trajectories);
        this.shapes = List.copyOf(arrayShapes);
        this.labelWidth = labelWidth;
        this.conditioning = conditioning;
        this.cumulativeSteps = new long[trajectories.size()];
        long total = 0;
        for (int i = 0; i < trajectories.size(); i++) {
            total += trajectories.get(i).length();
            cumulativeSteps[i] = total;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no logged steps to train on");
        }
    }

    /** The longest of {@code episodes}, in steps (0 for none). */
    public static int longestEpisode(List<Trajectory> episodes) {
        return episodes.stream().mapToInt(Trajectory::length).max().orElse(0);
    }

    /** Steps over all trajectories. */
    public long steps() {
        return cumulativeSteps[cumulativeSteps.length - 1];
    }

    @Override
    public TrainingBatch sample(NDManager manager, Random random, int size) {
        int w = conditioning.window();
        var batch = new ContextBatch(size, w, shapes, labelWidth);
        for (int row = 0; row < size; row++) {
            long pick = (long) (random.nextDouble() * steps());
            int episode = Arrays.binarySearch(cumulativeSteps, pick + 1);
            episode = episode >= 0 ? episode : -episode - 1;
            var trajectory = trajectories.get(episode);
            int first = start == Start.EPISODE_START ? 0
                    : (int) (pick - (cumulativeSteps[episode] - trajectory.length()));
            int length = Math.min(w, trajectory.length() - first);
            fill(batch, row, trajectory, first, length);
        }
        var inputs = batch.toInputs(manager);
        var labels = inputs.get(ContextBatch.ACTIONS_INPUT);
        var weights = inputs.get(ContextBatch.STEP_MASK_INPUT);
        return new TrainingBatch(inputs, labels, weights);
    }

    private void fill(ContextBatch batch, int row, Trajectory trajectory, int start, int length) {
        for (int p = 0; p < length; p++) {
            int t = start + p;
            int slot = batch.step(row, p, trajectory.returnToGo(t), t, conditioning);
            trajectory.copyAction(t, labelWidth, batch.actions, slot * labelWidth);
            batch.actionKnown[slot] = 1;
            for (int a = 0; a < batch.sizes.length; a++) {
                trajectory.copyState(a, t, batch.sizes[a], batch.states[a], slot * batch.sizes[a]);
            }
        }
    }
}
