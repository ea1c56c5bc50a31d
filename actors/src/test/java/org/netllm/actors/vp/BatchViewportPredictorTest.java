package org.netllm.actors.vp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.vp.Static;
import org.netllm.controller.vp.ViewportPredictor;

class BatchViewportPredictorTest {

    /** Static, recording the size of each {@code predictAll} call (one forward pass of a learned predictor). */
    private static final class Recording implements ViewportPredictor {
        final List<Integer> calls = new ArrayList<>();
        final Static inner = new Static();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public double[][] predict(double[][] history, int pw) {
            return inner.predict(history, pw);
        }

        @Override
        public List<double[][]> predictAll(List<double[][]> histories, int pw) {
            calls.add(histories.size());
            return ViewportPredictor.super.predictAll(histories, pw);
        }
    }

    private static double[][] at(double yaw) {
        return new double[][] {{0, 0, yaw - 1}, {0, 0, yaw}};
    }

    @Test
    void aBatchIsOnePassPerPredictionLengthAndAnswersInRequestOrder() {
        Recording predictor = new Recording();
        List<double[][]> answers = new BatchViewportPredictor(predictor).decideAll(List.of(
                new ViewportRequest("a", at(10), 4), new ViewportRequest("b", at(20), 2),
                new ViewportRequest("c", at(30), 4)));
        // viewers a and c (pw 4) share one call, b (pw 2) has its own
        assertThat(predictor.calls).containsExactly(2, 1);
        assertThat(answers).hasSize(3);
        assertThat(answers.get(0)).hasDimensions(4, 3);
        assertThat(answers.get(1)).hasDimensions(2, 3);
        assertThat(answers.get(0)[3][2]).isEqualTo(10);
        assertThat(answers.get(1)[1][2]).isEqualTo(20);
        assertThat(answers.get(2)[0][2]).isEqualTo(30);
    }
}
