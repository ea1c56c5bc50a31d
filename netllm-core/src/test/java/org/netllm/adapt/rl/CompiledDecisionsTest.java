package org.netllm.adapt.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.ActionMask;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Inference;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;

/**
 * The compiled path (Java forward, LoRA merged, step tokens kept, key/value state while a context grows) answers as the
 * engine's full recomputation of the same contexts does, alone and in batches, for sliding and restarting contexts.
 */
class CompiledDecisionsTest {

    private static final int MAX_TIMESTEP = 64;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(29);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private ReturnConditionedAdapter model(Backbone backbone, int window) {
        var encoder = new MultimodalEncoder(List.of(InputSpec.scalar("signal", 1), InputSpec.sequence("history", 1, 3)),
                backbone.spec().hiddenSize(), ReturnConditionedTest.SMALL);
        return new ReturnConditionedAdapter(encoder, backbone, NetworkingHead.of(new HeadSpec.Categorical(3)),
                new ReturnConditioning(window, MAX_TIMESTEP, 10)).initialize(manager);
    }

    /** A tiny Llama-style decoder (rotary, grouped-query, pre-norm) with trained-looking adapters on q, v and down. */
    private Backbone adaptedLlama() {
        Backbone backbone = Backbones.build(Backbones.tinyLlama(2, 32, 4, 2), "tiny-gqa",
                BackboneOptions.random(5).withLora(new LoraConfig(4, 8, 0f, Set.of("q", "v", "down"), 2)), null,
                manager);
        Random random = new Random(3);
        for (var p : backbone.getParameters()) {
            if (p.getKey().contains("lora_B")) {
                NDArray b = p.getValue().getArray();
                float[] noise = new float[(int) b.size()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) (random.nextGaussian() * 0.2);
                }
                b.addi(manager.create(noise, b.getShape()));
            }
        }
        return backbone;
    }

    /** MiniLM's architecture (BERT: learned absolute positions, post-norm, GELU) with random weights, causal. */
    private Backbone minilm() {
        return Backbones.load(Backbones.MINILM, BackboneOptions.random(5), manager);
    }

    private static List<float[]> state(Random random) {
        return List.of(new float[] {random.nextInt(2)},
                new float[] {random.nextFloat(), random.nextFloat(), random.nextFloat()});
    }

    @Test
    void compiledDecisionsEqualFullRecomputeForASlidingContextWithAdaptersAndRotaryPositions() {
        assertCompiledEqualsFull(model(adaptedLlama(), 4), Context.SLIDING);
    }

    @Test
    void compiledDecisionsEqualFullRecomputeAcrossRestartsWithAdaptersAndRotaryPositions() {
        assertCompiledEqualsFull(model(adaptedLlama(), 4), Context.RESTART);
    }

    @Test
    void compiledDecisionsEqualFullRecomputeForASlidingContextWithLearnedPositions() {
        assertCompiledEqualsFull(model(minilm(), 3), Context.SLIDING);
    }

    @Test
    void compiledDecisionsWithStepTokensFromTheEngineEqualFullRecompute() {
        var model = model(adaptedLlama(), 4);
        var policy = new ReturnConditionedPolicy(model, manager);
        assertThat(policy.compiledStepTokensInJava()).isTrue();
        assertCompiledEqualsFull(model, Context.SLIDING, ReturnConditionedPolicy::useCompiledWithEngineStepTokens);
    }

    private void assertCompiledEqualsFull(ReturnConditionedAdapter model, Context context) {
        assertCompiledEqualsFull(model, context, p -> p.setInference(Inference.COMPILED));
    }

    /**
     * Three twin pairs of sessions over 3w + 2 steps: the compiled ones decided together in one batch, their twins
     * recomputed in full by the engine; every distribution and every greedy action must agree.
     */
    private void assertCompiledEqualsFull(ReturnConditionedAdapter model, Context context,
                                          java.util.function.Consumer<ReturnConditionedPolicy> compiledChoice) {
        int w = model.conditioning().window();
        var compiledPolicy = new ReturnConditionedPolicy(model, manager);
        var fullPolicy = new ReturnConditionedPolicy(model, manager);
        compiledPolicy.setContext(context);
        fullPolicy.setContext(context);
        compiledPolicy.setCompiledThreads(2);
        compiledChoice.accept(compiledPolicy);
        fullPolicy.setInference(Inference.FULL_RECOMPUTE);
        List<DecisionSession> compiled = new ArrayList<>();
        List<DecisionSession> full = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            compiled.add(compiledPolicy.newSession(8 + s));
            full.add(fullPolicy.newSession(8 + s));
        }
        var random = new Random(4);
        var seen = new ArrayList<Float>();
        for (int t = 0; t < 3 * w + 2; t++) {
            List<DecisionRequest> compiledRequests = new ArrayList<>();
            List<Decision> expected = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                var state = state(random);
                expected.add(full.get(s).decide(state, ActionMask.none()));
                compiledRequests.add(new DecisionRequest(compiled.get(s), state, ActionMask.none()));
            }
            // The last session decides alone every other step, so both one-row and batched passes are checked.
            List<Decision> actual = new ArrayList<>(compiledPolicy.decide(t % 2 == 0 ? compiledRequests
                    : compiledRequests.subList(0, 2)));
            if (t % 2 == 1) {
                actual.add(compiledPolicy.decide(List.of(compiledRequests.get(2))).get(0));
            }
            for (int s = 0; s < 3; s++) {
                assertThat(actual.get(s).distributions().get(0)).as("step %d session %d", t, s)
                        .containsExactly(expected.get(s).distributions().get(0), offset(1e-5f));
                assertThat(actual.get(s).actionIndex()).isEqualTo(expected.get(s).actionIndex());
                seen.add(expected.get(s).distributions().get(0)[0]);
                int action = random.nextInt(3);
                double reward = random.nextDouble();
                compiled.get(s).record(new float[] {action}, reward);
                full.get(s).record(new float[] {action}, reward);
            }
        }
        // The model's answers move with the context, so agreeing is not agreeing on a constant.
        assertThat(seen.stream().distinct().count()).isGreaterThan(seen.size() / 2);
    }

    @Test
    void aResetSessionStartsAgainAndStillAnswersAsFullRecompute() {
        var model = model(adaptedLlama(), 4);
        var compiledPolicy = new ReturnConditionedPolicy(model, manager);
        var fullPolicy = new ReturnConditionedPolicy(model, manager);
        compiledPolicy.setInference(Inference.COMPILED);
        fullPolicy.setInference(Inference.FULL_RECOMPUTE);
        var compiled = compiledPolicy.newSession(6);
        var full = fullPolicy.newSession(6);
        var random = new Random(8);
        for (int t = 0; t < 9; t++) {
            if (t == 5) {
                compiled.reset(7);
                full.reset(7);
            }
            var state = state(random);
            float[] expected = full.decide(state, ActionMask.none()).distributions().get(0);
            float[] actual = compiled.decide(state, ActionMask.none()).distributions().get(0);
            assertThat(actual).as("step %d", t).containsExactly(expected, offset(1e-5f));
            compiled.record(new float[] {t % 3}, 0.5);
            full.record(new float[] {t % 3}, 0.5);
        }
    }

    @Test
    void aPassedStepJoinsTheContextAsADecidedOneInEveryPath() {
        var model = model(adaptedLlama(), 4);
        for (Context context : Context.values()) {
            for (Inference inference : Inference.values()) {
                var passing = new ReturnConditionedPolicy(model, manager);
                var deciding = new ReturnConditionedPolicy(model, manager);
                passing.setContext(context);
                deciding.setContext(context);
                passing.setInference(inference);
                deciding.setInference(Inference.FULL_RECOMPUTE);
                var passed = passing.newSession(6);
                var decided = deciding.newSession(6);
                var random = new Random(12);
                int compared = 0;
                for (int t = 0; t < 14; t++) {
                    var state = state(random);
                    float[] expected = decided.decide(state, ActionMask.none()).distributions().get(0);
                    // every third step (two in a row at times) is left to another policy
                    if (t % 3 == 1 || t == 8) {
                        passed.pass(state);
                    } else {
                        float[] actual = passed.decide(state, ActionMask.none()).distributions().get(0);
                        assertThat(actual).as("%s %s step %d", context, inference, t)
                                .containsExactly(expected, offset(1e-5f));
                        compared++;
                    }
                    passed.record(new float[] {t % 3}, 0.25 * t);
                    decided.record(new float[] {t % 3}, 0.25 * t);
                }
                assertThat(compared).isEqualTo(8);
            }
        }
    }
}
