package org.netllm.backbone.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both kernel sets against the textbook loops, on sizes that leave row blocks and panels partly filled. */
class KernelsTest {

    private static float[] gaussian(int n, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static void assertKernels(Kernels kernels) {
        Random random = new Random(2);
        int rows = 7;    // padded to 8 for the vector kernels' blocks of 4
        int in = 37;
        int out = 150;   // two whole panels and a partial one, split over two threads
        float[] x = gaussian(rows * in, random);
        float[] outIn = gaussian(out * in, random);
        float[] bias = gaussian(out, random);
        float[] y = new float[rows * out];
        try (WorkSplit split = WorkSplit.of(2)) {
            DenseWeights.fromOutIn(outIn, in, out, bias).apply(kernels, split, x, rows, y);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < out; c++) {
                double expected = bias[c];
                for (int k = 0; k < in; k++) {
                    expected += (double) x[r * in + k] * outIn[c * in + k];
                }
                assertThat(y[r * out + c]).as("row %d column %d", r, c).isCloseTo((float) expected, offset(1e-4f));
            }
        }
        float[] a = gaussian(45, random);
        float[] b = gaussian(45, random);
        double dot = 0;
        for (int i = 0; i < 40; i++) {
            dot += (double) a[2 + i] * b[5 + i];
        }
        assertThat(kernels.dot(a, 2, b, 5, 40)).isCloseTo((float) dot, offset(1e-4f));
        float[] g = new float[1601];
        for (int i = 0; i < g.length; i++) {
            g[i] = -8f + i * 0.01f;
        }
        float[] exact = g.clone();
        Activations.apply(org.netllm.backbone.transformer.Architecture.Activation.GELU, exact, 0, exact.length);
        kernels.gelu(g, 0, g.length);
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("gelu(%f)", -8f + i * 0.01f).isCloseTo(exact[i],
                    offset(2e-6f * (1 + Math.abs(-8f + i * 0.01f))));
        }
        assertThat(Activations.erf(0.5)).isCloseTo(0.5204998778130465, offset(1e-7));
        assertThat(Activations.erf(-1.5)).isCloseTo(-0.9661051464753108, offset(1e-7));
        float[] before = b.clone();
        kernels.axpy(0.5f, a, 1, b, 3, 37);
        for (int i = 0; i < 45; i++) {
            float expected = i >= 3 && i < 40 ? before[i] + 0.5f * a[i - 2] : before[i];
            assertThat(b[i]).isCloseTo(expected, offset(1e-6f));
        }
    }

    @Test
    void vectorKernelsComputeTheTextbookProductDotAndAxpy() {
        assertThat(VectorSupport.available()).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        assertKernels(new VectorKernels());
    }

    @Test
    void loopKernelsComputeTheTextbookProductDotAndAxpy() {
        assertKernels(new LoopKernels());
    }
}
