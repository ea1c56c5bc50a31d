package org.netllm.controller.abr.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.gate.GatedPolicy.Audit;
import org.netllm.errors.InvalidInputException;

/** The gate lets the cheap rule answer exactly where its check passes and asks the model everywhere else. */
class GatedPolicyTest {

    private static final int[] KBPS = {300, 750, 1200, 1850, 2850, 4300};

    /** A stand-in for the model: always the same level, noting what it was asked and shown. */
    private static final class Recording implements AbrPolicy {
        final int level;
        final List<Double> asked = new ArrayList<>();
        final List<Double> observed = new ArrayList<>();

        Recording(int level) {
            this.level = level;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public AbrController newSession() {
            return new AbrController() {
                @Override
                public int chooseLevel(AbrObservation observation) {
                    asked.add(observation.bufferSeconds());
                    return level;
                }

                @Override
                public void observe(AbrObservation observation) {
                    observed.add(observation.bufferSeconds());
                }
            };
        }
    }

    /** A constant rule, as a witness. */
    private record Constant(int level) implements AbrPolicy, AbrController {
        @Override
        public String name() {
            return "constant-" + level;
        }

        @Override
        public AbrController newSession() {
            return this;
        }

        @Override
        public int chooseLevel(AbrObservation observation) {
            return level;
        }
    }

    /** Five chunks at level 2, each 1 MB in {@code delaysMs[i]} ms, the buffer at {@code bufferSeconds}. */
    private static AbrObservation observation(double bufferSeconds, double... delaysMs) {
        long[][] sizes = new long[KBPS.length][48];
        for (int l = 0; l < KBPS.length; l++) {
            Arrays.fill(sizes[l], KBPS[l] * 500L);
        }
        Video video = new Video("test", KBPS, sizes, 4.0);
        List<ChunkDownload> history = new ArrayList<>();
        for (int i = 0; i < delaysMs.length; i++) {
            history.add(new ChunkDownload(i, 2, 1_000_000L, delaysMs[i], 0.0, bufferSeconds * 1000.0));
        }
        return AbrObservation.after(history, video);
    }

    @Test
    void anUngatedModelDecidesEveryStep() {
        var model = new Recording(4);
        var gated = new GatedPolicy(model, Bba.PENSIEVE, new Gate.Never(), Audit.NONE);
        AbrController session = gated.newSession();
        assertThat(session.chooseLevel(observation(30, 500, 500, 500))).isEqualTo(4);
        assertThat(session.chooseLevel(observation(2, 500, 500, 500))).isEqualTo(4);
        assertThat(gated.counts()).isEqualTo(new GatedPolicy.Counts(0, 2, 0, 0));
        assertThat(model.asked).containsExactly(30.0, 2.0);
        assertThat(gated.name()).isEqualTo("recording");
    }

    @Test
    void theComfortGateLetsTheRuleAnswerOnlyWithABufferAndASteadyLink() {
        var model = new Recording(1);
        var gated = new GatedPolicy(model, Bba.PENSIEVE, new Gate.Comfort(15, 0.2), Audit.NONE);
        AbrController session = gated.newSession();
        // 20 s buffered, steady 2 MB/s: comfortable, BBA answers its top level and the model only sees the step
        assertThat(session.chooseLevel(observation(20, 500, 500, 500, 500))).isEqualTo(5);
        // the same link with 10 s buffered: the model decides
        assertThat(session.chooseLevel(observation(10, 500, 500, 500, 500))).isEqualTo(1);
        // 20 s buffered but the last sample took three times as long as the forecast said: the model decides
        assertThat(session.chooseLevel(observation(21, 500, 500, 500, 1500))).isEqualTo(1);
        assertThat(model.observed).containsExactly(20.0);
        assertThat(model.asked).containsExactly(10.0, 21.0);
        assertThat(gated.counts().ruleShare()).isEqualTo(1.0 / 3.0);
    }

    @Test
    void theConsensusGateLetsTheRuleAnswerWhereTheWitnessPicksTheSameLevel() {
        var model = new Recording(3);
        var gated = new GatedPolicy(model, Bba.PENSIEVE, new Gate.Consensus(new Constant(5)), Audit.NONE);
        AbrController session = gated.newSession();
        assertThat(session.chooseLevel(observation(20, 500, 500))).isEqualTo(5); // BBA's top level, as the witness's
        assertThat(session.chooseLevel(observation(3, 500, 500))).isEqualTo(3); // BBA's lowest: they part, model
        assertThat(gated.counts()).isEqualTo(new GatedPolicy.Counts(1, 1, 0, 0));
        assertThat(gated.name()).isEqualTo("recording|bba@consensus:constant-5");
    }

    @Test
    void anAuditAsksTheModelTooAndCountsItsAgreementButFetchesTheRulesLevel() {
        var agreeing = new Recording(5);
        var gated = new GatedPolicy(agreeing, Bba.PENSIEVE, new Gate.Comfort(15, 0.2), Audit.ASK_MODEL_TOO);
        AbrController session = gated.newSession();
        assertThat(session.chooseLevel(observation(20, 500, 500))).isEqualTo(5);
        var disagreeing = new Recording(2);
        var other = new GatedPolicy(disagreeing, Bba.PENSIEVE, new Gate.Comfort(15, 0.2), Audit.ASK_MODEL_TOO);
        assertThat(other.newSession().chooseLevel(observation(20, 500, 500))).isEqualTo(5);
        assertThat(gated.counts()).isEqualTo(new GatedPolicy.Counts(1, 0, 1, 1));
        assertThat(other.counts()).isEqualTo(new GatedPolicy.Counts(1, 0, 1, 0));
        assertThat(disagreeing.asked).containsExactly(20.0);
        assertThat(disagreeing.observed).isEmpty();
    }

    @Test
    void gatesParseFromTheirSpecsAndRefuseMalformedOnes() {
        assertThat(GatedPolicy.gate("never")).isEqualTo(new Gate.Never());
        assertThat(GatedPolicy.gate("comfort:15,0.2")).isEqualTo(new Gate.Comfort(15, 0.2));
        assertThat(GatedPolicy.gate("consensus:robust-mpc")).isEqualTo(new Gate.Consensus(RobustMpc.PENSIEVE));
        assertThat(GatedPolicy.gate("comfort:15,0.2").spec()).isEqualTo("comfort:15.0,0.2");
        assertThatThrownBy(() -> GatedPolicy.gate("comfort:15")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs two numbers");
        assertThatThrownBy(() -> GatedPolicy.gate("sometimes")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown gate 'sometimes'");
        assertThatThrownBy(() -> GatedPolicy.gate("consensus:nope")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theHoldRuleKeepsThePreviousLevelWhereTheConsensusAgreesAndTheModelDecidesTheRest() {
        var model = new Recording(0);
        var gated = new GatedPolicy(model, new Hold(), new Gate.Consensus(new Constant(2)), Audit.NONE);
        AbrController session = gated.newSession();
        // the history's last chunk was fetched at level 2, which the witness picks too
        assertThat(session.chooseLevel(observation(20, 500, 500))).isEqualTo(2);
        var other = new GatedPolicy(model, new Hold(), new Gate.Consensus(new Constant(4)), Audit.NONE);
        assertThat(other.newSession().chooseLevel(observation(20, 500, 500))).isEqualTo(0);
        assertThat(model.observed).containsExactly(20.0);
        assertThat(model.asked).containsExactly(20.0);
    }
}
