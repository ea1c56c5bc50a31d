package org.netllm.adapt.train;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Accumulates {@code d(sum(w * coefficients))/dw = coefficients} into w's gradient. */
    private static void backward(Parameter w, NDArray coefficients) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(w.getArray().mul(coefficients).sum());
        }
        Autograd.disableOnThisThread();
    }
}
