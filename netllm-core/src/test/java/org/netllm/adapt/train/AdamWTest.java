package org.netllm.adapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.model.Autograd;

class AdamWTest {

    @Test
    void aSkippedNonFiniteGradientDoesNotPoisonTheNextStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(manager.create(new float[] {1f, 2f, 3f}));
            w.getArray().setRequiresGradient(true);
            var optimizer = new AdamW(List.of(w), manager, 0);

            backward(w, manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1f}));
            assertThat(Double.isFinite(optimizer.gradientNorm())).isFalse();
            optimizer.zeroGradients();

            backward(w, manager.create(new float[] {3f, 0f, 4f}));
            assertThat(optimizer.gradientNorm()).isEqualTo(5.0);
            optimizer.step(0.1, 1.0);
            for (float v : w.getArray().toFloatArray()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
            assertThat(Autograd.gradientOrNull(w.getArray()).toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void clippedStepSkipsANonFiniteGradientUncountedAndClipsTheNormOfTheRest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(manager.create(new float[] {1f, 2f, 3f}));
            w.getArray().setRequiresGradient(true);
            var adam = new AdamW(List.of(w), manager, 0); // weight decay 0: TRACK's and Pensieve's plain Adam

            backward(w, manager.create(new float[] {Float.NaN, 1f, 1f}));
            assertThat(adam.clippedStep(0.1, 1.0)).isFalse();
            assertThat(w.getArray().toFloatArray()).containsExactly(1f, 2f, 3f);
            assertThat(Autograd.gradientOrNull(w.getArray()).toFloatArray()).containsOnly(0f);

            // Norm 5 clipped to 1: (0.6, 0, 0.8). Bias-corrected as the first step (the skip did not count), Adam
            // moves each weight with a gradient by the whole learning rate; counted as the second it would be 0.074.
            backward(w, manager.create(new float[] {3f, 0f, 4f}));
            assertThat(adam.clippedStep(0.1, 1.0)).isTrue();
            assertThat(w.getArray().toFloatArray()).containsExactly(new float[] {0.9f, 2f, 2.9f}, within(1e-6f));

            // Norm 0.5, unclipped: the moments hold the clipped first gradient (unclipped, 0.8259 instead of 0.8068).
            backward(w, manager.create(new float[] {0.3f, 0f, 0.4f}));
            assertThat(adam.clippedStep(0.1, 1.0)).isTrue();
            assertThat(w.getArray().toFloatArray())
                    .containsExactly(new float[] {0.80678204f, 2f, 2.80678204f}, within(1e-6f));
        }
    }

    /** Accumulates {@code d(sum(w * coefficients))/dw = coefficients} into w's gradient. */
    private static void backward(Parameter w, NDArray coefficients) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(w.getArray().mul(coefficients).sum());
        }
        Autograd.disableOnThisThread();
    }
}
