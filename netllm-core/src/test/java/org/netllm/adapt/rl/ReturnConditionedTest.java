package org.netllm.adapt.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.TinyBackbones;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.ActionMask;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.model.TimestepEmbedding;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig;

public class ReturnConditionedTest {

    static final EncoderSettings SMALL = new EncoderSettings(16, 8, 4, 4, 16, 1, 2, 8, 2);
    static final int EPISODE = 2;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(13);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    static ReturnConditionedAdapter model(NDManager manager, long seed, int window) {
        var encoder = new MultimodalEncoder(List.of(InputSpec.scalar("signal", 1), InputSpec.sequence("history", 1, 3)),
                TinyBackbones.WIDTH, SMALL);
        return new ReturnConditionedAdapter(encoder, TinyBackbones.withLora(seed, manager),
                NetworkingHead.of(new HeadSpec.Categorical(3)), new ReturnConditioning(window, EPISODE, EPISODE))
                .initialize(manager);
    }

    /** A bandit chain: each step shows a signal s in {0, 1}; action s earns 1, anything else 0. */
    public static List<Trajectory> randomBehaviour(int episodes, long seed) {
        var random = new Random(seed);
        var result = new ArrayList<Trajectory>();
        for (int e = 0; e < episodes; e++) {
            var builder = Trajectory.builder(new int[] {1, 3}, 1);
            for (int t = 0; t < EPISODE; t++) {
                int s = random.nextInt(2);
                int a = random.nextInt(3);
                builder.add(List.of(new float[] {s}, new float[] {random.nextFloat(), random.nextFloat(), 0}),
                        new float[] {a}, a == s ? 1 : 0);
            }
            result.add(builder.build());
        }
        return result;
    }

    @Test
    void windowsAreRightPaddedRunsOfOneEpisodeWithScaledReturnsToGo() {
        var builder = Trajectory.builder(new int[] {1}, 1);
        for (int t = 0; t < 5; t++) {
            builder.add(List.of(new float[] {t}), new float[] {t % 3}, t + 1); // rewards 1..5, return 15
        }
        var trajectory = builder.build();
        assertThat(trajectory.totalReturn()).isEqualTo(15.0);
        var windows = new TrajectoryWindows(List.of(trajectory), List.of(new long[] {1}), 1,
                new ReturnConditioning(3, 10, 5));
        var batch = windows.sample(manager, new Random(1), 64);
        var in = batch.inputs();
        assertThat(in.get(ReturnConditionedAdapter.RETURNS).getShape()).isEqualTo(new Shape(64, 3));
        assertThat(in.get(ReturnConditionedAdapter.ACTIONS).getShape()).isEqualTo(new Shape(64, 3, 1));
        assertThat(in.get(ReturnConditionedAdapter.FIRST_STATE).getShape()).isEqualTo(new Shape(64 * 3, 1));
        float[] returns = in.get(ReturnConditionedAdapter.RETURNS).toFloatArray();
        float[] steps = in.get(ReturnConditionedAdapter.TIMESTEPS).toType(DataType.FLOAT32, false).toFloatArray();
        float[] mask = in.get(ReturnConditionedAdapter.STEP_MASK).toFloatArray();
        float[] state = in.get(ReturnConditionedAdapter.FIRST_STATE).toFloatArray();
        double[] rtg = {15, 14, 12, 9, 5};
        boolean sawShortWindow = false;
        for (int row = 0; row < 64; row++) {
            int start = (int) steps[row * 3];
            int length = Math.min(3, 5 - start);
            sawShortWindow |= length < 3;
            for (int p = 0; p < 3; p++) {
                int slot = row * 3 + p;
                if (p < length) {
                    assertThat(mask[slot]).isEqualTo(1f);
                    assertThat(steps[slot]).isEqualTo(start + p);
                    assertThat(state[slot]).isEqualTo(start + p);
                    assertThat((double) returns[slot]).isCloseTo(rtg[start + p] / 5, offset(1e-6));
                } else {
                    assertThat(mask[slot]).isZero();
                    assertThat(returns[slot]).isZero();
                }
            }
        }
        assertThat(sawShortWindow).isTrue();
    }

    @Test
    void sessionWindowsStartAtTheirEpisodesFirstStepAndHoldTheWholeEpisode() {
        List<Trajectory> episodes = new java.util.ArrayList<>();
        for (int length : new int[] {2, 5}) {
            var builder = Trajectory.builder(new int[] {1}, 1);
            for (int t = 0; t < length; t++) {
                builder.add(List.of(new float[] {10 * length + t}), new float[] {0}, 1);
            }
            episodes.add(builder.build());
        }
        var windows = new TrajectoryWindows(episodes, List.of(new long[] {1}), 1, new ReturnConditioning(5, 10, 5),
                TrajectoryWindows.Start.EPISODE_START);
        assertThat(TrajectoryWindows.longestEpisode(episodes)).isEqualTo(5);
        var in = windows.sample(manager, new Random(3), 64).inputs();
        float[] steps = in.get(ReturnConditionedAdapter.TIMESTEPS).toType(DataType.FLOAT32, false).toFloatArray();
        float[] mask = in.get(ReturnConditionedAdapter.STEP_MASK).toFloatArray();
        float[] state = in.get(ReturnConditionedAdapter.FIRST_STATE).toFloatArray();
        int shortOnes = 0;
        for (int row = 0; row < 64; row++) {
            int length = state[row * 5] == 20f ? 2 : 5;
            shortOnes += length == 2 ? 1 : 0;
            assertThat(state[row * 5]).as("the first slot is the episode's first step").isIn(20f, 50f);
            for (int p = 0; p < 5; p++) {
                assertThat(mask[row * 5 + p]).isEqualTo(p < length ? 1f : 0f);
                if (p < length) {
                    assertThat(steps[row * 5 + p]).isEqualTo(p);
                }
            }
        }
        // Episodes are drawn in proportion to their length: 2 of 7 steps belong to the short one.
        assertThat(shortOnes).isBetween(8, 30);
    }

    @Test
    void timestepEmbeddingGivesEachStepItsRowAndSharesTheLastBeyondTheTable() {
        var embedding = new TimestepEmbedding(4, 8);
        embedding.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
        NDArray steps = manager.create(new long[] {0, 1, 3, 3, 7, 100}, new Shape(2, 3));
        NDArray out = embedding.forward(new ParameterStore(manager, false), new NDList(steps), false).head();
        assertThat(out.getShape()).isEqualTo(new Shape(2, 3, 8));
        float[][] rows = new float[6][];
        for (int i = 0; i < 6; i++) {
            rows[i] = out.reshape(6, 8).get(i).toFloatArray();
        }
        assertThat(rows[0]).isNotEqualTo(rows[1]);
        assertThat(rows[3]).containsExactly(rows[2]);
        assertThat(rows[4]).containsExactly(rows[2]);
        assertThat(rows[5]).containsExactly(rows[2]);
    }

    @Test
    void modelEmitsOneTokenGroupPerStepAndAnswersPerStep() {
        var model = model(manager, 1, 3);
        assertThat(model.tokensPerStep()).isEqualTo(1 + 2 + 1);
        var windows = new TrajectoryWindows(randomBehaviour(4, 1), model.encoder().arrayShapes(), 1,
                model.conditioning());
        var batch = windows.sample(manager, new Random(2), 5);
        NDArray out = model.forward(new ParameterStore(manager, false), batch.inputs(), false).head();
        assertThat(out.getShape()).isEqualTo(new Shape(5, 3, 3));
    }

    @Test
    void aNonCausalBackboneIsRefused() {
        var encoder = new MultimodalEncoder(List.of(InputSpec.scalar("x", 1)), 384, SMALL);
        var bert = org.netllm.backbone.Backbones.load("minilm", org.netllm.backbone.BackboneOptions.random(1)
                .withAttention(org.netllm.backbone.BackboneOptions.Attention.BIDIRECTIONAL), manager);
        assertThatThrownBy(() -> new ReturnConditionedAdapter(encoder, bert,
                NetworkingHead.of(new HeadSpec.Categorical(2)), new ReturnConditioning(2, 2, 1)))
                .hasMessageContaining("causal");
    }

    @Test
    void theLearnedPolicyFollowsTheReturnItIsAskedFor() {
        var model = model(manager, 2, EPISODE);
        var data = new TrajectoryWindows(randomBehaviour(400, 3), model.encoder().arrayShapes(), 1,
                model.conditioning());
        var config = TrainingConfig.builder(80, 64).accumulation(1).learningRate(1e-2).weightDecay(1e-4)
                .warmupSteps(5).clipNorm(1.0).seed(7).validateEvery(0).progress(false).build();
        var result = new AdaptationTrainer(model, AdaptationMode.LORA, config, manager).train(data, null);
        // Random behaviour leaves the action ambiguous for middling returns, so the floor is well above 0.
        assertThat(result.meanLossOfLast(10)).isLessThan(0.8 * result.meanLossOfFirst(10));

        var policy = new ReturnConditionedPolicy(model, manager);
        var random = new Random(9);
        int matchedWhenAskedForAll = 0;
        int matchedWhenAskedForNothing = 0;
        int decisions = 0;
        for (int e = 0; e < 15; e++) {
            var greedy = policy.newSession(EPISODE);
            var modest = policy.newSession(0);
            for (int t = 0; t < EPISODE; t++) {
                int s = random.nextInt(2);
                List<float[]> state = List.of(new float[] {s}, new float[] {random.nextFloat(), random.nextFloat(), 0});
                int a = policy.decide(List.of(new DecisionRequest(greedy, state, ActionMask.none()))).get(0)
                        .actionIndex();
                int b = modest.decide(state, ActionMask.none()).actionIndex();
                matchedWhenAskedForAll += a == s ? 1 : 0;
                matchedWhenAskedForNothing += b == s ? 1 : 0;
                greedy.record(new float[] {a}, a == s ? 1 : 0);
                modest.record(new float[] {b}, b == s ? 1 : 0);
                decisions++;
            }
        }
        assertThat(matchedWhenAskedForAll).isGreaterThanOrEqualTo(decisions * 8 / 10);
        assertThat(matchedWhenAskedForNothing).isLessThanOrEqualTo(decisions * 2 / 10);
    }
}
