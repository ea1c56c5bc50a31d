package org.netllm.actors.abr;

import java.util.Arrays;
import java.util.List;
import org.netllm.actors.BatchDecider;
import org.netllm.controller.abr.AbrPolicy;

/**
 * An ABR policy that chooses levels for many sessions in one call: what a model policy does in one forward pass.
 * Classic policies fit through {@link #perSession(AbrPolicy)}. Implementations are threadsafe; one session never
 * has two calls outstanding.
 */
public interface BatchAbrPolicy extends BatchDecider<SessionObservation, Integer> {

    /** The policy's name in reports and metrics, e.g. {@code robust-mpc}. */
    String name();

    /** Why this policy cannot decide over {@code video}, or empty when it can ({@link AbrPolicy#cannotServe}). */
    default java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return java.util.Optional.empty();
    }

    /** One level per observation, in order; each a valid index into that observation's ladder. */
    int[] chooseLevels(List<SessionObservation> batch) throws Exception;

    /**
     * A session's decision that another policy made (a gate's rule): a policy with per-session context takes the
     * step into it; stateless policies ignore it.
     */
    default void observe(SessionObservation request) {
    }

    @Override
    default List<Integer> decideAll(List<SessionObservation> requests) throws Exception {
        return Arrays.stream(chooseLevels(requests)).boxed().toList();
    }

    /** A classic per-session policy as a batched one: one controller per session, decided one after another. */
    static BatchAbrPolicy perSession(AbrPolicy policy) {
        return new PerSessionBatchPolicy(policy);
    }

    /** The adapted NetLLM model: one context per session, one forward pass per batch. */
    static BatchAbrPolicy model(org.netllm.controller.abr.netllm.NetllmAbrPolicy model) {
        return new ModelBatchPolicy(model);
    }

    /** An imitation model: no context per session, one forward pass per batch. */
    static BatchAbrPolicy imitation(org.netllm.controller.abr.netllm.NetllmImitationPolicy model) {
        return new ImitationBatchPolicy(model);
    }

    /** {@code model} behind a gate: {@code rule} answers where {@code gate} allows, the model the rest. */
    static BatchAbrPolicy gated(BatchAbrPolicy model, org.netllm.controller.abr.AbrPolicy rule,
                                org.netllm.controller.abr.gate.Gate gate) {
        return new GatedBatchPolicy(model, rule, gate);
    }

    /** Of a gated policy's decisions so far, those the rule answered and those the model did; else empty. */
    static java.util.Optional<long[]> gateCounts(BatchAbrPolicy policy) {
        return policy instanceof GatedBatchPolicy gated ? java.util.Optional.of(gated.counts())
                : java.util.Optional.empty();
    }
}
