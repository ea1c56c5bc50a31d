package org.netllm.adaptation.abr;

import java.util.Arrays;
import java.util.List;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.ReturnScaling;
import org.netllm.controller.abr.Video;

/**
 * NetLLM's experience pool for ABR: sessions logged by existing policies in the training environment, the
 * offline data the language model is adapted on.
 *
 * @param video     the video every episode streamed
 * @param qoe       the QoE model the rewards were computed with
 * @param seed      the collection seed (episode {@code i} is reproducible from it and {@code i})
 * @param policies  names of the policies that acted, as given on the command line
 * @param traces    names of the traces played
 * @param episodes  in collection order
 */
public record ExperiencePool(Video video, QoeModel qoe, long seed, List<String> policies, List<String> traces,
                             List<Episode> episodes) {

    /** Rewards below this quantile of the pool's are clipped when normalising. */
    public static final double LOW_PERCENTILE = 0.01;

    public ExperiencePool {
        policies = List.copyOf(policies);
        traces = List.copyOf(traces);
        episodes = List.copyOf(episodes);
        for (Episode e : episodes) {
            if (e.policy() < 0 || e.policy() >= policies.size() || e.trace() < 0 || e.trace() >= traces.size()) {
                throw new IllegalArgumentException("episode refers to policy " + e.policy() + " / trace " + e.trace()
                        + " but the pool lists " + policies.size() + " policies and " + traces.size() + " traces");
            }
            if (e.downloads().size() != video.chunkCount()) {
                throw new IllegalArgumentException("episode of " + e.downloads().size() + " chunks in a pool of a "
                        + video.chunkCount() + "-chunk video");
            }
        }
    }

    /** Decisions over all episodes. */
    public long stepCount() {
        long n = 0;
        for (Episode e : episodes) {
            n += e.steps();
        }
        return n;
    }

    /** Mean over episodes of the mean per-chunk reward of each policy: the session QoE each policy achieved. */
    public double meanSessionQoe(int policy) {
        double sum = 0;
        int n = 0;
        for (Episode e : episodes) {
            if (e.policy() == policy) {
                sum += e.totalReward() / e.steps();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * NetLLM's reward normalisation fitted to this pool, made robust to outliers: rewards are min-max normalised
     * between the pool's 1st-percentile reward (lower ones are clipped to it) and its largest reward, and returns
     * are divided by the largest normalised session return, so that returns-to-go lie in [0, 1] on the pool.
     *
     * <p>Why the percentile: one chunk stalled by a trace outage can cost -500 while ordinary chunks earn -1..4.3;
     * with the plain minimum every ordinary reward would normalise into [0.99, 1] and returns-to-go would only
     * count the steps left, telling the model nothing about quality.
     */
    public ReturnScaling returnScaling() {
        return returnScaling(List.of(this), AbrStateDefinition.NETLLM);
    }

    /**
     * {@link #returnScaling()} fitted to several pools' rewards together (one model adapted on all of them), each
     * reward in the units of {@code state} ({@link AbrStateDefinition#reward}).
     */
    public static ReturnScaling returnScaling(List<ExperiencePool> pools, AbrStateDefinition state) {
        long steps = 0;
        for (ExperiencePool pool : pools) {
            steps += pool.stepCount();
        }
        float[] all = new float[Math.toIntExact(steps)];
        int n = 0;
        for (ExperiencePool pool : pools) {
            for (Episode e : pool.episodes) {
                float[] rewards = pool.rewards(e, state);
                System.arraycopy(rewards, 0, all, n, rewards.length);
                n += rewards.length;
            }
        }
        Arrays.sort(all);
        double min = all.length == 0 ? 0 : all[(int) (LOW_PERCENTILE * all.length)];
        double max = all.length == 0 ? 0 : all[all.length - 1];
        if (!(max > min)) {
            throw new IllegalArgumentException("the pool's rewards do not vary (all about " + min
                    + "); a pool needs differing rewards to condition on returns");
        }
        return new ReturnScaling(min, max);
    }

    /**
     * The largest session return under {@link #returnScaling()}: the default target return, and the divisor that
     * brings returns-to-go into [0, 1] on the pool before they are embedded.
     */
    public double bestReturn() {
        return bestReturn(List.of(this), returnScaling(), AbrStateDefinition.NETLLM);
    }

    /** The largest session return over several pools under {@code scaling}, rewards in the units of {@code state}. */
    public static double bestReturn(List<ExperiencePool> pools, ReturnScaling scaling, AbrStateDefinition state) {
        double best = 0;
        for (ExperiencePool pool : pools) {
            for (Episode e : pool.episodes) {
                best = Math.max(best, scaling.returnsToGo(pool.rewards(e, state))[0]);
            }
        }
        return best;
    }

    /** An episode's rewards in the units of {@code state}. */
    float[] rewards(Episode episode, AbrStateDefinition state) {
        float[] raw = episode.rewards();
        if (state == AbrStateDefinition.NETLLM) {
            return raw;
        }
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (float) state.reward(raw[i], video);
        }
        return out;
    }
}
