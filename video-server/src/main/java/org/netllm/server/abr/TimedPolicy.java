package org.netllm.server.abr;

import java.util.List;
import org.netllm.actors.DecisionMetrics;
import org.netllm.actors.OutcomeHistogram;
import org.netllm.actors.abr.BatchAbrPolicy;
import org.netllm.actors.abr.SessionObservation;

/**
 * The ABR policy as the node running it sees it: each call's batch size and duration, as histograms
 * ({@code netllm_abr_policy_batch_size}, {@code netllm_abr_policy_call_seconds}; their sum and count are the
 * decisions this node's policy made and its calls). On a policy-only cluster node these are what its
 * {@code /metrics} says of its work; the sessions' own counters live on the front nodes. Threadsafe as the policy is.
 */
public final class TimedPolicy implements BatchAbrPolicy {

    private final BatchAbrPolicy policy;
    private final OutcomeHistogram batchSize;
    private final OutcomeHistogram callSeconds;

    private TimedPolicy(BatchAbrPolicy policy, DecisionMetrics metrics) {
        this.policy = policy;
        this.batchSize = batchSize(metrics);
        this.callSeconds = callSeconds(metrics);
    }

    /** {@code policy}, timed into {@code metrics}. */
    public static BatchAbrPolicy of(BatchAbrPolicy policy, DecisionMetrics metrics) {
        return new TimedPolicy(policy, metrics);
    }

    /** Declares the two histograms in {@code metrics}, so that they show before the first call. */
    public static void declare(DecisionMetrics metrics) {
        batchSize(metrics);
        callSeconds(metrics);
    }

    private static OutcomeHistogram batchSize(DecisionMetrics metrics) {
        return metrics.outcome("policy_batch_size", "Sessions decided by each call of the ABR policy on this node.", 1,
                2, 4, 8, 16, 32, 64);
    }

    private static OutcomeHistogram callSeconds(DecisionMetrics metrics) {
        return metrics.outcome("policy_call_seconds", "Duration of each call of the ABR policy on this node.",
                DecisionMetrics.LATENCY_BUCKETS_SECONDS);
    }

    @Override
    public String name() {
        return policy.name();
    }

    @Override
    public int[] chooseLevels(List<SessionObservation> batch) throws Exception {
        long start = System.nanoTime();
        int[] levels = policy.chooseLevels(batch);
        callSeconds.observe((System.nanoTime() - start) / 1e9);
        batchSize.observe(batch.size());
        return levels;
    }

    @Override
    public List<Integer> decideAll(List<SessionObservation> requests) throws Exception {
        long start = System.nanoTime();
        List<Integer> levels = policy.decideAll(requests);
        callSeconds.observe((System.nanoTime() - start) / 1e9);
        batchSize.observe(requests.size());
        return levels;
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return policy.cannotServe(video);
    }

    @Override
    public void forget(String sessionId) {
        policy.forget(sessionId);
    }
}
