package org.netllm.adaptation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.adapt.AdapterLoadException;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.errors.InvalidInputException;

class VpAdaptationTest {

    @TempDir
    Path dir;

    @Test
    void aTinyRunValidatesKeepsTheBestStepAndItsCheckpointPredictsTheSame() {
        List<VpSample> validation = VpSamples.of(VpTestData.validation(), 10, 20);
        VpAdaptationSettings settings = VpAdaptationSettings.builder().backbone(VpAdaptation.TINY).rank(4).steps(12)
                .batchSize(8).validateEvery(4).trainStride(15).loss(VpLoss.L1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            VpAdaptation.Result result = VpAdaptation.run(VpTestData.training(), validation, settings, false, manager);
            assertThat(result.validations()).extracting(v -> (int) v[0]).containsExactly(4, 8, 12);
            double best = result.validations().stream().mapToDouble(v -> v[1]).min().orElseThrow();
            assertThat(-result.training().bestScore()).isCloseTo(best, within(1e-9));
            assertThat(result.trainingSamples()).isEqualTo(2 * ((VpTestData.training().get(0).length() - 30) / 15 + 1));
            NetllmVpPredictor inMemory = new NetllmVpPredictor("netllm", result.model(), result.task(), manager);
            double mae = VpEvaluation.score(inMemory, validation, 20).mae();
            assertThat(mae).isCloseTo(best, within(1e-4)); // the kept weights are in place
            result.save(dir);
            try (var loaded = (NetllmVpPredictor) VpPredictors.byName("netllm:" + dir, null)) {
                assertThat(loaded.task().hw()).isEqualTo(10);
                assertThat(VpEvaluation.score(loaded, validation, 20).mae()).isCloseTo(mae, within(1e-5));
                // A longer future is rolled out pass by pass, a longer history read from its end.
                double[][] longer = loaded.predict(validation.get(0).future(), 30);
                assertThat(longer).hasNumberOfRows(30);
                for (double[] row : longer) {
                    assertThat(row[1]).isBetween(-90.0, 90.0);
                    assertThat(row[0]).isBetween(-180.0, 180.0);
                }
                assertThatThrownBy(() -> loaded.predict(new double[5][3], 20)).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("reads 10 samples of history, got 5");
            }
        }
    }

    @Test
    void anAbrAdapterIsRefusedAsAViewportPredictor() {
        Path abr = Path.of("").toAbsolutePath().getParent().resolve("models/abr-return");
        assertThatThrownBy(() -> NetllmVpPredictor.load("netllm:abr", abr)).isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("is not a viewport predictor");
    }
}
