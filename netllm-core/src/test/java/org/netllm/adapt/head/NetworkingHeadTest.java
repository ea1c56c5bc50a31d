package org.netllm.adapt.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkingHeadTest {

    @Test
    void categoricalAnswersAreAlwaysPermittedActions() {
        var head = new CategoricalHead(new HeadSpec.Categorical(6));
        var random = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            float[] logits = new float[6];
            boolean[] valid = new boolean[6];
            for (int a = 0; a < 6; a++) {
                logits[a] = (float) (random.nextGaussian() * 10);
                valid[a] = random.nextDouble() < 0.4;
            }
            valid[random.nextInt(6)] = true;
            var mask = ActionMask.of(valid);
            int greedy = (int) head.greedy(logits, mask)[0];
            int sampled = (int) head.sample(logits, mask, random)[0];
            assertThat(valid[greedy]).isTrue();
            assertThat(valid[sampled]).isTrue();
            float[] p = CategoricalHead.probabilities(logits, valid);
            double sum = 0;
            for (int a = 0; a < 6; a++) {
                if (!valid[a]) {
                    assertThat(p[a]).isZero();
                }
                sum += p[a];
            }
            assertThat(sum).isCloseTo(1.0, offset(1e-5));
        }
    }

    @Test
    void greedyPicksTheBestPermittedActionNotTheBestOverall() {
        var head = new CategoricalHead(new HeadSpec.Categorical(3));
        float[] logits = {5f, 1f, 2f};
        assertThat(head.greedy(logits, ActionMask.none())[0]).isEqualTo(0f);
        assertThat(head.greedy(logits, ActionMask.of(new boolean[] {false, true, true}))[0]).isEqualTo(2f);
    }

    @Test
    void aMaskThatForbidsEverythingIsAnError() {
        var head = new CategoricalHead(new HeadSpec.Categorical(3));
        assertThatThrownBy(() -> head.greedy(new float[3], ActionMask.of(new boolean[3])))
                .hasMessageContaining("forbids all 3");
        assertThatThrownBy(() -> head.greedy(new float[3], ActionMask.of(new boolean[2])))
                .hasMessageContaining("2 entries for 3 actions");
    }

    @Test
    void boundedRegressionStaysInsideItsRangeEvenForHugeStates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            var head = new BoundedRegressionHead(new HeadSpec.BoundedRegression(2, -1f, 3f));
            head.initialize(manager, DataType.FLOAT32, new Shape(4, 8));
            NDArray states = manager.randomNormal(0, 1000, new Shape(4, 8), DataType.FLOAT32);
            float[] out = head.forward(new ParameterStore(manager, false), new NDList(states), false).head()
                    .toFloatArray();
            for (float v : out) {
                assertThat(v).isBetween(-1f, 3f);
            }
        }
    }

    @Test
    void compositeSplitsOutputsLabelsAndMasksByPart() {
        try (NDManager manager = NDManager.newBaseManager()) {
            var spec = HeadSpec.composite(new HeadSpec.Categorical(3), new HeadSpec.BoundedRegression(1, 0f, 10f),
                    new HeadSpec.Categorical(2));
            var head = (CompositeHead) NetworkingHead.of(spec);
            head.initialize(manager, DataType.FLOAT32, new Shape(5, 8));
            assertThat(spec.outputWidth()).isEqualTo(6);
            assertThat(spec.labelWidth()).isEqualTo(3);
            NDArray out = head.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(5, 8))), false).head();
            assertThat(out.getShape()).isEqualTo(new Shape(5, 6));
            // Loss = CE(part 0) + MSE(part 1) + CE(part 2), computed here by hand for row 0.
            float[] row = out.get(0).toFloatArray();
            float[] label = {2, 4.5f, 1};
            NDArray loss = head.loss(out.get("0:1"), manager.create(label, new Shape(1, 3)));
            double ce0 = Math.log(Math.exp(row[0]) + Math.exp(row[1]) + Math.exp(row[2])) - row[2];
            double mse = (row[3] - 4.5) * (row[3] - 4.5);
            double ce2 = Math.log(Math.exp(row[4]) + Math.exp(row[5])) - row[5];
            assertThat(loss.getFloat(0)).isCloseTo((float) (ce0 + mse + ce2), offset(1e-4f));
            float[] answer = head.greedy(new float[] {9, 0, 0, 4, 0, 7},
                    new ActionMask(java.util.Arrays.asList(new boolean[] {false, true, true}, null, null)));
            assertThat(answer).containsExactly(1f, 4f, 1f);
            NDArray encoded = head.encodeAction(manager.create(label, new Shape(1, 3)));
            assertThat(encoded.toFloatArray()).containsExactly(0f, 0f, 1f, -0.1f, 0f, 1f);
        }
    }
}
