package org.netllm.controller.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Decima's forward pass on constructed observations with sparse constructed weights, against values computed by
 * hand from the README's definitions (only unit 0 of each embedding is non-zero, all values positive so the
 * LeakyReLU passes them through).
 */
class DecimaTest {

    /** A 3-layer MLP {@code in → 32|64 → 16|64 → out} of zeros with the given non-zero entries. */
    private static Mlp mlp(Mlp.Activation act, int in, int h1, int h2, int out, double[][] w0, double[][] w2,
                           double[][] w4, double bias4) {
        return new Mlp(act, layer(h1, in, w0, 0), layer(h2, h1, w2, 0), layer(out, h2, w4, bias4));
    }

    /** Entries {row, col, value}; bias 0 except unit 0. */
    private static Mlp.Layer layer(int out, int in, double[][] entries, double bias0) {
        double[] w = new double[out * in];
        for (double[] e : entries) {
            w[(int) e[0] * in + (int) e[1]] = e[2];
        }
        double[] b = new double[out];
        b[0] = bias0;
        return new Mlp.Layer(out, in, w, b);
    }

    private static final double[][] COPY0 = {{0, 0, 1}};

    /**
     * prep(x) = (x3, 0…), msg(h) = (2·h0, 0…), update(v) = (v0 + 1, 0…), dag([x, h]) = (h0, 0…), glob(y) = (y0, 0…),
     * stage = tanh(tanh(h0 + 0.1·z0)), exec = −tanh(tanh(x0 − 0.01·y0 + k/N)).
     */
    static DecimaWeights weights() {
        Mlp.Activation leaky = Mlp.Activation.LEAKY_RELU;
        Mlp.Activation tanh = Mlp.Activation.TANH;
        return new DecimaWeights(
                mlp(leaky, 5, 32, 16, 16, new double[][] {{0, 3, 1}}, COPY0, COPY0, 0),
                mlp(leaky, 16, 32, 16, 16, new double[][] {{0, 0, 2}}, COPY0, COPY0, 0),
                mlp(leaky, 16, 32, 16, 16, COPY0, COPY0, COPY0, 1),
                mlp(leaky, 21, 32, 16, 16, new double[][] {{0, 5, 1}}, COPY0, COPY0, 0),
                mlp(leaky, 16, 32, 16, 16, COPY0, COPY0, COPY0, 0),
                mlp(tanh, 53, 64, 64, 1, new double[][] {{0, 5, 1}, {0, 37, 0.1}}, COPY0, COPY0, 0),
                mlp(tanh, 36, 64, 64, 1, new double[][] {{0, 0, 1}, {0, 35, 1}, {0, 3, -0.01}}, COPY0,
                        new double[][] {{0, 0, -1}}, 0));
    }

    /**
     * One job, 3 active stages a(0) → b(1), a → c(2), b → c; remaining tasks 20, 40, 60 (x3 = 0.1, 0.2, 0.3);
     * b schedulable; N = 10, C = 4, the common pool is the source, the job's supply 2.
     */
    static CjsObservation diamond() {
        return new CjsObservation(0, 10, 4, -1, new int[] {7}, new int[] {2}, new int[] {0, 3}, new int[] {0, 1, 2},
                new int[] {20, 40, 60}, new double[] {1000, 1000, 1000}, new int[] {0, 0, 1}, new int[] {1, 2, 2},
                new int[] {1});
    }

    @Test
    void featuresFollowTheReadme() {
        double[][] x = Decima.features(diamond());
        // cap = min(max(10 − 2, 0), 4) = 4 → 0.4; not the source → −1; supply 0.2; r/200; r·d/1e5.
        assertThat(x[1]).containsExactly(0.4, -1.0, 0.2, 0.2, 0.4);
    }

    @Test
    void messagePassingRunsFromTheLeavesUpLevelByLevel() {
        Decima d = new Decima("t", weights(), Decima.Choice.GREEDY);
        Decima.Forward f = d.forward(diamond());
        double hc = 0.3 + 1;                   // leaf: update(prep(x_c))
        double hb = 0.2 + (2 * hc + 1);        // step g = 1: M = {b, c}, edge b→c
        double ha = 0.1 + (2 * hb + 2 * hc + 1); // step g = 0: edges a→b, a→c (b→c rewrites b with the same value)
        assertThat(f.nodes()[2][0]).isCloseTo(hc, within(1e-15));
        assertThat(f.nodes()[1][0]).isCloseTo(hb, within(1e-15));
        assertThat(f.nodes()[0][0]).isCloseTo(ha, within(1e-15));
        assertThat(f.nodes()[0][1]).isZero();
        double y = ha + hb + hc;
        assertThat(f.dags()[0][0]).isCloseTo(y, within(1e-14));
        assertThat(f.global()[0]).isCloseTo(y, within(1e-14));
        assertThat(f.stageScores()).hasSize(1);
        assertThat(f.stageScores()[0]).isCloseTo(Math.tanh(Math.tanh(hb + 0.1 * y)), within(1e-15));
        double[] e = d.executorScores(diamond(), f, 0);
        assertThat(e).hasSize(4); // k < cap = 4
        for (int k = 0; k < 4; k++) {
            assertThat(e[k]).isCloseTo(-Math.tanh(Math.tanh(0.4 - 0.01 * y + k / 10.0)), within(1e-15));
        }
    }

    @Test
    void aParentRewrittenInALaterStepSumsOnlyThatStepsChildren() {
        // a → b, a → c, b → c, b → f (levels a 0, b 1, c 2, f 2). Step g = 1 (M = {b, c, f}) writes b from c and f;
        // step g = 0 (M = {a, b, c}) rewrites b from c alone, since f is not in M (kept quirk Q6).
        CjsObservation obs = new CjsObservation(0, 10, 1, -1, new int[] {0}, new int[] {0}, new int[] {0, 4},
                new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0}, new double[4],
                new int[] {0, 0, 1, 1}, new int[] {1, 2, 2, 3}, new int[] {0});
        double[][] h = new Decima("t", weights(), Decima.Choice.GREEDY).forward(obs).nodes();
        double leaf = 1;                        // update(prep(0)) for c and f
        double bFirst = 0 + (2 * leaf + 2 * leaf) + 1;
        double a = 0 + (2 * bFirst + 2 * leaf) + 1; // messages of step 0 use b's value from step 1
        double bLast = 0 + 2 * leaf + 1;
        assertThat(h[0][0]).isEqualTo(a);
        assertThat(h[1][0]).isEqualTo(bLast);
        assertThat(h[3][0]).isEqualTo(leaf);
    }

    @Test
    void withoutEdgesNodesArePrepOnly() {
        CjsObservation obs = new CjsObservation(0, 10, 1, 0, new int[] {0}, new int[] {0}, new int[] {0, 1},
                new int[] {0}, new int[] {50}, new double[] {10}, new int[0], new int[0], new int[] {0});
        double[][] h = new Decima("t", weights(), Decima.Choice.GREEDY).forward(obs).nodes();
        assertThat(h[0][0]).isEqualTo(0.25); // prep(x) = x3, no update
    }

    @Test
    void greedyTiesGoToTheLowestIndexAndSamplingInvertsTheCdf() {
        assertThat(Decima.argmax(new double[] {0.3, 0.5, 0.5 + 1e-10, 0.1})).isEqualTo(1);
        assertThat(Decima.argmax(new double[] {0.3, 0.5, 0.5 + 1e-8})).isEqualTo(2);
        double[] scores = {0, Math.log(3)}; // probabilities 1/4, 3/4
        assertThat(Decima.sample(scores, 0.2)).isZero();
        assertThat(Decima.sample(scores, 0.3)).isEqualTo(1);
        assertThat(Decima.sample(scores, 0.999999)).isEqualTo(1);
        assertThat(SchedulerDraws.deterministic(1).stageDraw()).isEqualTo(2654435769.0 / 4294967296.0);
        assertThat(SchedulerDraws.deterministic(3).executorDraw())
                .isEqualTo(((3L * 1779033703L) % 4294967296L) / 4294967296.0);
    }

    @Test
    void decideAnswersAPositionAndAnExecutorCountWithinTheCap() {
        CjsAction a = new Decima("t", weights(), Decima.Choice.GREEDY).decide(diamond(), SchedulerDraws.deterministic(0));
        // Scores fall with k, so greedy takes k = 0: one executor.
        assertThat(a).isEqualTo(new CjsAction(0, 1));
    }
}
