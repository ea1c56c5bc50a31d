package org.netllm.adapt.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.KvCache;

/** A session decided alone with its key/value cache answers as the full pass over the same context does. */
class CachedDecisionsTest {

    /** Past the table's end timesteps share a row; 64 keeps every step of these sessions distinct. */
    private static final int MAX_TIMESTEP = 64;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(23);
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

    /** A tiny Llama-style decoder: rotary positions, grouped-query attention, pre-norm. */
    private Backbone llama() {
        return Backbones.build(Backbones.tinyLlama(2, 32, 4, 2), "tiny-gqa", BackboneOptions.random(5), null, manager);
    }

    /** MiniLM's architecture (BERT: learned absolute positions, post-norm) with random weights, run causally. */
    private Backbone minilm() {
        return Backbones.load(Backbones.MINILM, BackboneOptions.random(5), manager);
    }

    private static List<float[]> state(Random random) {
        return List.of(new float[] {random.nextInt(2)},
                new float[] {random.nextFloat(), random.nextFloat(), random.nextFloat()});
    }

    @Test
    void cachedDecisionsEqualFullRecomputeAcrossContextRestartsWithRotaryPositions() {
        assertCachedEqualsFull(model(llama(), 4), 1e-5f);
    }

    @Test
    void cachedDecisionsEqualFullRecomputeAcrossContextRestartsWithLearnedPositions() {
        // fp32 sums run in different orders in the two passes: the probabilities differ by ~1e-7
        assertCachedEqualsFull(model(minilm(), 3), 1e-5f);
    }

    /**
     * Twin sessions fed the same states, actions and rewards for more than 3w steps, one decided with its cache, one
     * recomputed in full; every distribution must agree, and the cache must be the same one while the context grows
     * and a new one after each restart.
     */
    private void assertCachedEqualsFull(ReturnConditionedAdapter model, float tolerance) {
        int w = model.conditioning().window();
        var cachedPolicy = new ReturnConditionedPolicy(model, manager);
        var fullPolicy = new ReturnConditionedPolicy(model, manager);
        cachedPolicy.setContext(ReturnConditionedPolicy.Context.RESTART);
        fullPolicy.setContext(ReturnConditionedPolicy.Context.RESTART);
        fullPolicy.setInference(ReturnConditionedPolicy.Inference.FULL_RECOMPUTE);
        var cached = cachedPolicy.newSession(8);
        var full = fullPolicy.newSession(8);
        var random = new Random(4);
        KvCache previous = null;
        int restarts = 0;
        var seen = new ArrayList<float[]>();
        for (int t = 0; t < 3 * w + 2; t++) {
            var state = state(random);
            float[] expected = full.decide(state, ActionMask.none()).distributions().get(0);
            float[] actual = cached.decide(state, ActionMask.none()).distributions().get(0);
            for (int a = 0; a < expected.length; a++) {
                assertThat(actual[a]).as("step %d action %d", t, a).isCloseTo(expected[a],
                        offset(tolerance));
            }
            seen.add(expected);
            ContextCache entry = cachedPolicy.cacheOf(cached);
            assertThat(fullPolicy.cacheOf(full)).isNull();
            int contextSize = entry.steps();
            // Tokens per step: return, 2 state tokens, action; the last step's action is not in the cache yet.
            assertThat(entry.cache().length()).isEqualTo(4L * contextSize - 1);
            if (contextSize == (w + 1) / 2 && t >= w) {
                assertThat(entry.cache()).as("step %d restarts the context", t).isNotSameAs(previous);
                restarts++;
            } else if (t > 0) {
                assertThat(entry.cache()).as("step %d grows the context", t).isSameAs(previous);
            }
            previous = entry.cache();
            int action = random.nextInt(3);
            double reward = random.nextDouble();
            cached.record(new float[] {action}, reward);
            full.record(new float[] {action}, reward);
        }
        assertThat(restarts).isGreaterThanOrEqualTo(3);
        // The model's answers move with the context, so agreeing is not agreeing on a constant.
        assertThat(seen.stream().map(p -> p[0]).distinct().count()).isGreaterThan(seen.size() / 2);
    }

    @Test
    void aSlidingContextAnswersAsFullRecomputeAndHoldsTheLastWSteps() {
        var model = model(minilm(), 3);
        var cachedPolicy = new ReturnConditionedPolicy(model, manager);
        var fullPolicy = new ReturnConditionedPolicy(model, manager);
        fullPolicy.setInference(ReturnConditionedPolicy.Inference.FULL_RECOMPUTE);
        assertThat(cachedPolicy.context()).isEqualTo(ReturnConditionedPolicy.Context.SLIDING);
        var cached = cachedPolicy.newSession(8);
        var full = fullPolicy.newSession(8);
        var random = new Random(9);
        for (int t = 0; t < 8; t++) {
            var state = state(random);
            float[] expected = full.decide(state, ActionMask.none()).distributions().get(0);
            float[] actual = cached.decide(state, ActionMask.none()).distributions().get(0);
            assertThat(actual).as("step %d", t).containsExactly(expected, offset(1e-5f));
            assertThat(cachedPolicy.cacheOf(cached).steps()).isEqualTo(Math.min(t + 1, 3));
            cached.record(new float[] {t % 3}, 0.5);
            full.record(new float[] {t % 3}, 0.5);
        }
        var policy = new ReturnConditionedPolicy(model(llama(), 4), manager);
        assertThat(contextsOver(policy.newSession(1), 6)).containsExactly(
                List.of(0), List.of(0, 1), List.of(0, 1, 2), List.of(0, 1, 2, 3),
                List.of(1, 2, 3, 4), List.of(2, 3, 4, 5));
    }

    @Test
    void aRestartingContextGrowsToTheWindowThenRestartsFromItsLastHalf() {
        var policy = new ReturnConditionedPolicy(model(llama(), 4), manager);
        policy.setContext(ReturnConditionedPolicy.Context.RESTART);
        assertThat(contextsOver(policy.newSession(1), 10)).containsExactly(
                List.of(0), List.of(0, 1), List.of(0, 1, 2), List.of(0, 1, 2, 3),
                List.of(3, 4), List.of(3, 4, 5), List.of(3, 4, 5, 6),
                List.of(6, 7), List.of(6, 7, 8), List.of(6, 7, 8, 9));
        var odd = new ReturnConditionedPolicy(model(llama(), 5), manager);
        odd.setContext(ReturnConditionedPolicy.Context.RESTART);
        assertThat(contextsOver(odd.newSession(1), 9).stream().map(List::size))
                .containsExactly(1, 2, 3, 4, 5, 3, 4, 5, 3);
        var single = new ReturnConditionedPolicy(model(llama(), 1), manager);
        single.setContext(ReturnConditionedPolicy.Context.RESTART);
        assertThat(contextsOver(single.newSession(1), 3)).containsExactly(List.of(0), List.of(1), List.of(2));
    }

    /** The timesteps in each step's context. */
    private static List<List<Integer>> contextsOver(DecisionSession session, int steps) {
        var contexts = new ArrayList<List<Integer>>();
        for (int t = 0; t < steps; t++) {
            contexts.add(session.contextWith(new float[][] {{0}, {0, 0, 0}}).stream()
                    .map(DecisionSession.Step::timestep).toList());
            session.record(new float[] {0}, 0);
        }
        return contexts;
    }

    @Test
    void resetEmptiesTheContextAndFreesTheCache() {
        var model = model(llama(), 4);
        int weights = manager.getManagedArrays().size();
        NDManager inference = manager.newSubManager();
        var policy = new ReturnConditionedPolicy(model, inference);
        var session = policy.newSession(6);
        var random = new Random(7);
        for (int t = 0; t < 3; t++) {
            session.decide(state(random), ActionMask.none());
            session.record(new float[] {1}, 0.5);
        }
        var state = state(random);
        session.decide(state, ActionMask.none());
        assertThat(policy.cacheOf(session).steps()).isEqualTo(4);
        // One cache: each of the 2 layers' keys and values, nothing else left over from the steps.
        assertThat(inference.getManagedArrays()).hasSize(2 * 2);

        session.reset(6);
        assertThat(policy.cacheOf(session)).isNull();
        assertThat(policy.cachedSessions()).isZero();
        assertThat(inference.getManagedArrays()).isEmpty();
        assertThat(manager.getManagedArrays()).as("nothing joined the weights' manager").hasSize(weights);
        assertThat(session.returnToGo()).isEqualTo(6.0);
        assertThat(session.timestep()).isZero();

        float[] afterReset = session.decide(state, ActionMask.none()).distributions().get(0);
        float[] fresh = policy.newSession(6).decide(state, ActionMask.none()).distributions().get(0);
        assertThat(afterReset).containsExactly(fresh, offset(1e-6f));
        assertThat(policy.cacheOf(session).steps()).isEqualTo(1);
    }

    @Test
    void cachesAreBoundedAndAnEvictedSessionAnswersAsBefore() {
        var model = model(llama(), 4);
        NDManager inference = manager.newSubManager();
        var policy = new ReturnConditionedPolicy(model, inference, 2);
        var full = new ReturnConditionedPolicy(model, manager);
        full.setInference(ReturnConditionedPolicy.Inference.FULL_RECOMPUTE);
        var sessions = List.of(policy.newSession(3), policy.newSession(3), policy.newSession(3));
        var twins = List.of(full.newSession(3), full.newSession(3), full.newSession(3));
        var random = new Random(8);
        for (int t = 0; t < 5; t++) {
            for (int i = 0; i < sessions.size(); i++) {
                var state = state(random);
                float[] expected = twins.get(i).decide(state, ActionMask.none()).distributions().get(0);
                float[] actual = sessions.get(i).decide(state, ActionMask.none()).distributions().get(0);
                assertThat(actual).as("step %d session %d", t, i)
                        .containsExactly(expected, offset(1e-5f));
                assertThat(policy.cachedSessions()).isLessThanOrEqualTo(2);
                sessions.get(i).record(new float[] {t % 3}, 0.25);
                twins.get(i).record(new float[] {t % 3}, 0.25);
            }
        }
        // Round robin over three sessions with room for two: the one decided next is always the one evicted.
        assertThat(policy.cacheOf(sessions.get(0))).isNull();
        assertThat(inference.getManagedArrays()).hasSize(2 * 2 * 2);
    }

    @Test
    void aSessionDecidedInABatchBetweenCachedDecisionsCatchesUp() {
        var model = model(llama(), 6);
        var policy = new ReturnConditionedPolicy(model, manager);
        var full = new ReturnConditionedPolicy(model, manager);
        full.setInference(ReturnConditionedPolicy.Inference.FULL_RECOMPUTE);
        var session = policy.newSession(5);
        var other = policy.newSession(5);
        var twin = full.newSession(5);
        var random = new Random(9);
        KvCache first = null;
        for (int t = 0; t < 5; t++) {
            var state = state(random);
            float[] expected = twin.decide(state, ActionMask.none()).distributions().get(0);
            boolean batched = t == 1 || t == 2;
            float[] actual = batched
                    ? policy.decide(List.of(new DecisionRequest(session, state, ActionMask.none()),
                            new DecisionRequest(other, state(random), ActionMask.none()))).get(0).distributions().get(0)
                    : session.decide(state, ActionMask.none()).distributions().get(0);
            assertThat(actual).as("step %d", t).containsExactly(expected, offset(1e-5f));
            if (t == 0) {
                first = policy.cacheOf(session).cache();
            }
            session.record(new float[] {1}, 0.5);
            if (batched) {
                other.record(new float[] {2}, 0.5);
            }
            twin.record(new float[] {1}, 0.5);
        }
        // The cache from step 0 was extended past the steps decided in batches (3 steps fed at once), not rebuilt.
        assertThat(policy.cacheOf(session).cache()).isSameAs(first);
        assertThat(policy.cacheOf(session).steps()).isEqualTo(5);
    }
}
