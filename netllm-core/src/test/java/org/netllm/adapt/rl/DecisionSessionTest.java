package org.netllm.adapt.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.head.ActionMask;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig;

class DecisionSessionTest {

    private NDManager manager;
    private ReturnConditionedPolicy policy;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(17);
        manager = NDManager.newBaseManager();
        var model = ReturnConditionedTest.model(manager, 4, 2);
        // A few steps so that LoRA, head and embeddings are no longer at their initial values.
        var data = new TrajectoryWindows(ReturnConditionedTest.randomBehaviour(20, 5), model.encoder().arrayShapes(),
                1, model.conditioning());
        new AdaptationTrainer(model, AdaptationMode.LORA, TrainingConfig.builder(3, 4).accumulation(1)
                .learningRate(1e-2).weightDecay(0).warmupSteps(0).clipNorm(0).seed(1).validateEvery(0).progress(false)
                .build(),
                manager).train(data, null);
        policy = new ReturnConditionedPolicy(model, manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static List<float[]> state(Random random) {
        return List.of(new float[] {random.nextInt(2)}, new float[] {random.nextFloat(), random.nextFloat(), 0});
    }

    @Test
    void batchedDecisionsEqualDecisionsTakenAlone() {
        var random = new Random(1);
        var sessions = new ArrayList<DecisionSession>();
        // Contexts of 1, 2 (full) and 2 (slid past its start) steps: windows of different lengths in one batch.
        int[] history = {0, 1, 5};
        for (int h : history) {
            var session = policy.newSession(4);
            for (int t = 0; t < h; t++) {
                session.decide(state(random), ActionMask.none());
                session.record(new float[] {random.nextInt(3)}, random.nextInt(2));
            }
            sessions.add(session);
        }
        var requests = new ArrayList<DecisionRequest>();
        var alone = new ArrayList<float[]>();
        for (var session : sessions) {
            var s = state(random);
            requests.add(new DecisionRequest(session, s, ActionMask.none()));
            alone.add(session.decide(s, ActionMask.none()).distributions().get(0));
        }
        var together = policy.decide(requests);
        for (int i = 0; i < sessions.size(); i++) {
            float[] expected = alone.get(i);
            float[] actual = together.get(i).distributions().get(0);
            for (int a = 0; a < expected.length; a++) {
                assertThat(actual[a]).as("session %d action %d", i, a).isCloseTo(expected[a], offset(1e-5f));
            }
        }
        // The distributions differ between sessions, so the comparison above is not vacuous.
        assertThat(alone.get(0)).isNotEqualTo(alone.get(2));
    }

    @Test
    void theTargetReturnFallsByEachRewardAndTheContextSlides() {
        var session = policy.newSession(10);
        var random = new Random(2);
        for (int t = 0; t < 6; t++) {
            session.decide(state(random), ActionMask.none());
            session.record(new float[] {1}, 1.5);
        }
        assertThat(session.returnToGo()).isCloseTo(1.0, offset(1e-9));
        assertThat(session.timestep()).isEqualTo(6);
        // w = 2: the context slides, holding the last completed step and the one being decided
        assertThat(session.contextWith(new float[][] {{0}, {0, 0, 0}})).extracting(DecisionSession.Step::timestep)
                .containsExactly(5, 6);
        session.reset(3);
        assertThat(session.returnToGo()).isEqualTo(3.0);
        assertThat(session.contextWith(new float[][] {{0}, {0, 0, 0}})).hasSize(1);
    }

    @Test
    void masksAreHonouredAndBadStatesRefused() {
        var session = policy.newSampledSession(4, 3);
        var random = new Random(3);
        for (int t = 0; t < 30; t++) {
            var d = session.decide(state(random), ActionMask.of(new boolean[] {false, false, true}));
            assertThat(d.actionIndex()).isEqualTo(2);
            assertThat(d.distributions().get(0)[2]).isEqualTo(1f);
        }
        assertThatThrownBy(() -> session.decide(List.of(new float[] {1}), ActionMask.none()))
                .hasMessageContaining("1 arrays, the model takes 2");
        assertThatThrownBy(() -> policy.newSession(1).record(new float[] {0}, 0)).hasMessageContaining("decide");
    }
}
