package org.netllm.adaptation.cjs;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.model.TrainingBatch;
import org.netllm.adapt.train.BatchSampler;
import org.netllm.controller.cjs.learned.CjsModelSettings;
import org.netllm.controller.cjs.learned.CjsStep;
import org.netllm.controller.cjs.learned.CjsWindows;

/**
 * Training windows: an episode drawn in proportion to its decisions, a uniform start step, up to w consecutive
 * decisions that never cross the episode's end (NetLLM's sampling).
 */
public final class CjsWindowSampler implements BatchSampler {

    private final List<List<CjsStep>> episodes;
    private final long[] cumulative;
    private final CjsModelSettings settings;

    public CjsWindowSampler(CjsTrajectories trajectories, CjsModelSettings settings) {
        this.episodes = trajectories.episodes();
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("no decisions to train on");
        }
        this.settings = settings;
        this.cumulative = new long[episodes.size()];
        long sum = 0;
        for (int i = 0; i < episodes.size(); i++) {
            sum += episodes.get(i).size();
            cumulative[i] = sum;
        }
    }

    @Override
    public TrainingBatch sample(NDManager manager, Random random, int size) {
        List<List<CjsStep>> windows = new ArrayList<>(size);
        long total = cumulative[cumulative.length - 1];
        for (int k = 0; k < size; k++) {
            long draw = (long) (random.nextDouble() * total);
            int e = 0;
            while (cumulative[e] <= draw) {
                e++;
            }
            List<CjsStep> episode = episodes.get(e);
            int start = random.nextInt(episode.size());
            windows.add(episode.subList(start, Math.min(episode.size(), start + settings.window())));
        }
        return CjsWindows.of(windows, settings, false, manager).batch();
    }
}
