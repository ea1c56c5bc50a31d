package org.netllm.adaptation.cjs;

import java.util.ArrayList;
import java.util.List;
import org.netllm.controller.cjs.learned.CjsConditioning;
import org.netllm.controller.cjs.learned.CjsStep;

/**
 * A pool's episodes as return-conditioned trajectories: every decision with its return-to-go divided by the return
 * scale (the pool's mean episode return magnitude, so an episode's return-to-go runs from about −1 to 0).
 *
 * <p>Why this normalisation: a reward is minus the job time since the last decision, 0 inside a round. NetLLM
 * min–max scales rewards and so maps every zero-reward step to 1, which makes its return-to-go count steps left
 * rather than job time left. Dividing by one positive constant keeps zero rewards at zero, keeps the order of
 * returns, and makes the return-to-go proportional to the job time still to come, i.e. to the JCT.
 *
 * <p>{@link CjsConditioning#NETLLM} (for the ablation) min–max scales each reward over the pool first.
 *
 * @param episodes     per episode its decisions in order
 * @param conditioning the normalisation (scale, reward range; its target is the pool's best return)
 * @param bestReturn   the highest normalised episode return in the pool
 */
public record CjsTrajectories(List<List<CjsStep>> episodes, CjsConditioning conditioning, double bestReturn) {

    /** The trajectories of every episode of {@code pool}, returns normalised by job time. */
    public static CjsTrajectories of(CjsExperiencePool pool) {
        return of(pool, CjsConditioning.JOB_TIME);
    }

    /** The divisor of returns. */
    public double returnScale() {
        return conditioning.returnScale();
    }

    /** The trajectories with rewards normalised as {@code normalisation} names. */
    public static CjsTrajectories of(CjsExperiencePool pool, String normalisation) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (CjsExperiencePool.Episode e : pool.episodes()) {
            for (CjsExperiencePool.Step s : e.steps()) {
                min = Math.min(min, s.reward());
                max = Math.max(max, s.reward());
            }
        }
        CjsConditioning unit = new CjsConditioning(1, 0, normalisation, min, max);
        double total = 0;
        for (CjsExperiencePool.Episode e : pool.episodes()) {
            total += Math.abs(e.steps().stream().mapToDouble(s -> unit.reward(s.reward())).sum());
        }
        double scale = total > 0 ? total / pool.episodes().size() : 1.0;
        List<List<CjsStep>> episodes = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (CjsExperiencePool.Episode e : pool.episodes()) {
            List<CjsExperiencePool.Step> steps = e.steps();
            double[] rtg = new double[steps.size()];
            double suffix = 0;
            for (int t = steps.size() - 1; t >= 0; t--) {
                suffix += unit.reward(steps.get(t).reward());
                rtg[t] = suffix / scale;
            }
            List<CjsStep> out = new ArrayList<>(steps.size());
            for (int t = 0; t < steps.size(); t++) {
                out.add(new CjsStep(steps.get(t).observation(), steps.get(t).action(), rtg[t]));
            }
            if (!out.isEmpty()) {
                best = Math.max(best, rtg[0]);
                episodes.add(List.copyOf(out));
            }
        }
        return new CjsTrajectories(List.copyOf(episodes), new CjsConditioning(scale, best, normalisation, min, max),
                best);
    }

    /** Decisions over all episodes. */
    public long stepCount() {
        return episodes.stream().mapToLong(List::size).sum();
    }
}
