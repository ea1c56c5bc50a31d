package org.netllm.backbone.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RMSNorm, rotary and Tensor layout helpers against values worked out by hand. */
class TransformerPiecesTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        System.setProperty("ai.djl.offline", "true");
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void rmsNormDividesByTheRootMeanSquareAndScales() {
        RmsNorm norm = new RmsNorm(0f);
        norm.weight().setArray(manager.create(new float[] {1, 1, 2, 2}));
        // mean(x²) = (1 + 4 + 9 + 16) / 4 = 7.5, √7.5 = 2.738613
        NDArray y = norm.apply(new ParameterStore(manager, false), manager.create(new float[] {1, 2, 3, 4}), false);

        assertThat(y.toFloatArray()).containsExactly(new float[] {0.365148f, 0.730297f, 2.190890f, 2.921187f},
                offset(1e-5f));
    }

    @Test
    void rotaryRotatesHalvesByPositionTimesFrequency() {
        // D_h = 4, theta = 100: inv_freq = [1, 100^(-1/2)] = [1, 0.1]; cos/sin tables are cat(freqs, freqs).
        RotaryEmbedding rope = new RotaryEmbedding(4, Architecture.Rotary.of(100));
        NDArray[] tables = rope.tables(manager, 2, 1); // position 2: angles [2, 0.2]
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 1, 4));
        NDArray y = RotaryEmbedding.apply(x, tables[0], tables[1]);

        // rotate_half([1,2,3,4]) = [-3,-4,1,2]; y = x·cos + rotate_half(x)·sin
        double c0 = Math.cos(2);
        double s0 = Math.sin(2);
        double c1 = Math.cos(0.2);
        double s1 = Math.sin(0.2);
        float[] expected = {(float) (1 * c0 - 3 * s0), (float) (2 * c1 - 4 * s1), (float) (3 * c0 + 1 * s0),
            (float) (4 * c1 + 2 * s1)};
        assertThat(y.toFloatArray()).containsExactly(expected, offset(1e-6f));
    }

    @Test
    void llama3ScalingLeavesHighFrequenciesAndDividesLowOnes() {
        Architecture.Rotary rotary = new Architecture.Rotary(500000, "llama3", 8, 1, 4, 8192);
        float[] plain = RotaryEmbedding.inverseFrequencies(128, Architecture.Rotary.of(500000));
        float[] scaled = RotaryEmbedding.inverseFrequencies(128, rotary);

        assertThat(scaled[0]).isEqualTo(plain[0]); // wavelength 2π < 2048: unchanged
        assertThat(scaled[63]).isCloseTo(plain[63] / 8, offset(1e-12f)); // wavelength > 8192: divided by the factor
    }

    @Test
    void tensorTransposeAndColumnSplitKeepRowMajorOrder() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        float[] transposed = new float[6];
        t.transposed().data().get(transposed);
        float[] middle = new float[2];
        t.columns(1, 2).data().get(middle);

        assertThat(transposed).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(middle).containsExactly(2, 5);
    }
}
