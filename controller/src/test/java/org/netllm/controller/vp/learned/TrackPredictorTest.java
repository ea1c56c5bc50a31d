package org.netllm.controller.vp.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.vp.VpPredictors;
import org.netllm.errors.InvalidInputException;

class TrackPredictorTest {

    @TempDir
    Path dir;

    private static double[][] history(int n, double yawStart) {
        double[][] h = new double[n][];
        for (int i = 0; i < n; i++) {
            h[i] = new double[] {i, -i * 0.5, yawStart + 7 * i};
        }
        return h;
    }

    @Test
    void savedWeightsPredictExactlyAsTheModelDidAndRollOutAnyLength() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrackModel model = new TrackModel(16, 20);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 10, HistoryFeatures.WIDTH));
            TrackPredictor inMemory = new TrackPredictor("track", model, manager);
            List<double[][]> histories = List.of(history(10, 150), history(10, -20));
            List<double[][]> expected = inMemory.predictAll(histories, 20);
            TrackPredictor.save(dir, model, new TrackPredictor.TrackConfig("vp-track", 16, 10, 20, VpTask.INPUTS));
            try (var loaded = (TrackPredictor) VpPredictors.byName("track:" + dir, null)) {
                List<double[][]> actual = loaded.predictAll(histories, 20);
                assertThat(actual.get(0)).isDeepEqualTo(expected.get(0));
                assertThat(actual.get(1)).isDeepEqualTo(expected.get(1));
                // A longer history and future than trained: the encoder reads it all, the decoder rolls on.
                double[][] longer = loaded.predict(history(20, 0), 30);
                assertThat(longer).hasNumberOfRows(30);
                for (double[] row : longer) {
                    assertThat(row[1]).isBetween(-90.0, 90.0);
                    assertThat(row[2]).isBetween(-180.0, 180.0);
                }
                // One at a time equals batched.
                assertThat(loaded.predict(histories.get(1), 20)[19][2]).isCloseTo(expected.get(1)[19][2],
                        org.assertj.core.api.Assertions.within(1e-4));
            }
        }
    }

    @Test
    void aFolderWithoutATrackModelIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> TrackPredictor.load("track", dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir + " is not a TRACK model");
        Files.writeString(dir.resolve(TrackPredictor.CONFIG), "{\"task\":\"vp\",\"hidden\":4,\"hw\":10,\"pw\":20,"
                + "\"inputs\":\"x\"}");
        assertThatThrownBy(() -> TrackPredictor.load("track", dir)).hasMessageContaining("not a TRACK viewport model");
    }
}
