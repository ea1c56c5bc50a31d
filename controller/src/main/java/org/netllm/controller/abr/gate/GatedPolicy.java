package org.netllm.controller.abr.gate;

import java.util.concurrent.atomic.LongAdder;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;

/**
 * A model behind a gate (issue 41, after Trailblazer): each decision the cheap {@code rule} answers first; where the
 * {@link Gate} finds its answer sufficient the model is not asked, otherwise the model decides. Sessions the model
 * was not asked for still see the step ({@link AbrController#observe}), so a model with a per-session context keeps
 * the level actually fetched in it.
 *
 * <p>With {@link Audit#ASK_MODEL_TOO} the model is asked at every decision anyway, its answer counted against the
 * rule's where the rule answered and then dropped: the agreement the gate assumes, measured, at the full model
 * cost (for measurement only; the levels fetched are the same as without the audit).
 *
 * <p>This class is threadsafe (the counters are); its sessions are not. {@link #close} closes the model if it is
 * {@link AutoCloseable}.
 */
public final class GatedPolicy implements AbrPolicy, AutoCloseable {

    /** Whether rule-answered decisions are also put to the model, to measure how often it would have agreed. */
    public enum Audit { NONE, ASK_MODEL_TOO }

    /** Decisions so far over every session: by the rule, by the model, and of the rule's, those the model agreed on. */
    public record Counts(long byRule, long byModel, long audited, long agreed) {

        /** The share of decisions the rule answered. */
        public double ruleShare() {
            long all = byRule + byModel;
            return all == 0 ? 0.0 : (double) byRule / all;
        }

        /** Of the audited rule answers, the share the model would have given too. */
        public double agreement() {
            return audited == 0 ? Double.NaN : (double) agreed / audited;
        }
    }

    private final AbrPolicy model;
    private final AbrPolicy rule;
    private final Gate gate;
    private final Audit audit;
    private final LongAdder byRule = new LongAdder();
    private final LongAdder byModel = new LongAdder();
    private final LongAdder audited = new LongAdder();
    private final LongAdder agreed = new LongAdder();

    public GatedPolicy(AbrPolicy model, AbrPolicy rule, Gate gate, Audit audit) {
        this.model = model;
        this.rule = rule;
        this.gate = gate;
        this.audit = audit;
    }

    /** Parses the gate spec ({@code never}, {@code consensus:RULE}, {@code comfort:BUFFER_S,ERROR}). */
    public static Gate gate(String spec) {
        return Gate.parse(spec);
    }

    @Override
    public java.util.Optional<String> cannotServe(org.netllm.controller.abr.Video video) {
        return model.cannotServe(video).or(() -> rule.cannotServe(video));
    }

    @Override
    public String name() {
        return gate instanceof Gate.Never ? model.name() : model.name() + "|" + rule.name() + "@" + gate.spec();
    }

    public Counts counts() {
        return new Counts(byRule.sum(), byModel.sum(), audited.sum(), agreed.sum());
    }

    @Override
    public AbrController newSession() {
        return new Session(model.newSession(), rule.newSession(), gate.newCheck());
    }

    @Override
    public AbrController newSession(long seed) {
        return new Session(model.newSession(seed), rule.newSession(seed), gate.newCheck());
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private final class Session implements AbrController {

        private final AbrController model;
        private final AbrController rule;
        private final Gate.Check check;

        Session(AbrController model, AbrController rule, Gate.Check check) {
            this.model = model;
            this.rule = rule;
            this.check = check;
        }

        @Override
        public int chooseLevel(AbrObservation observation) {
            // the rule sees every decision, so a rule with per-session state stays in step
            int ruleLevel = rule.chooseLevel(observation);
            if (!check.ruleSuffices(observation, ruleLevel)) {
                byModel.increment();
                return model.chooseLevel(observation);
            }
            byRule.increment();
            if (audit == Audit.ASK_MODEL_TOO) {
                audited.increment();
                if (model.chooseLevel(observation) == ruleLevel) {
                    agreed.increment();
                }
            } else {
                model.observe(observation);
            }
            return ruleLevel;
        }

        @Override
        public void observe(AbrObservation observation) {
            rule.observe(observation);
            model.observe(observation);
        }
    }
}
