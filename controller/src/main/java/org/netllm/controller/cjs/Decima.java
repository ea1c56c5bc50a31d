package org.netllm.controller.cjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decima (Mao et al., SIGCOMM 2019) as spark-sched-sim implements it and NetLLM runs it: the node encoder's
 * level-by-level message passing from the leaves up over each job's active DAG, per-DAG and global summaries, a
 * score per schedulable stage and a score per executor count for the chosen stage's job. Everything in double (exact
 * ties occur between identical untouched jobs). Stateless and threadsafe.
 */
public final class Decima implements CjsScheduler {

    /** How an action is taken from the scores. */
    public enum Choice {
        /** One draw from each head's softmax (NetLLM's default; inverse CDF on the given uniform). */
        SAMPLED,
        /** The highest score; scores within {@link #TIE} of the maximum tie, the lowest index wins (rule D7). */
        GREEDY
    }

    /** Score gap below which two scores tie under {@link Choice#GREEDY}. */
    public static final double TIE = 1e-9;
    private static final int E = DecimaWeights.EMBED;
    private static final int F = DecimaWeights.FEATURES;

    private final String name;
    private final DecimaWeights weights;
    private final Choice choice;

    public Decima(String name, DecimaWeights weights, Choice choice) {
        this.name = name;
        this.weights = weights;
        this.choice = choice;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The encoder's and stage head's intermediates for one observation.
     *
     * @param features    the 5 node features per node
     * @param nodes       h per node (16)
     * @param dags        y per active job (16)
     * @param global      z (16)
     * @param stageScores one score per schedulable stage, in list order
     */
    public record Forward(double[][] features, double[][] nodes, double[][] dags, double[] global,
                          double[] stageScores) {
    }

    @Override
    public CjsAction decide(CjsObservation obs, SchedulerDraws draws) {
        Forward f = forward(obs);
        int stage = pick(f.stageScores(), draws.stageDraw());
        int job = obs.jobOf(obs.schedulable()[stage]);
        double[] execScores = executorScores(obs, f, job);
        int b = pick(execScores, draws.executorDraw());
        return new CjsAction(stage, b + 1);
    }

    private int pick(double[] scores, double u) {
        return choice == Choice.GREEDY ? argmax(scores) : sample(scores, u);
    }

    /** The first index within {@link #TIE} of the maximum. */
    public static int argmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= max - TIE) {
                return i;
            }
        }
        throw new IllegalArgumentException("no finite score in " + Arrays.toString(scores));
    }

    /** Inverse-CDF draw from softmax(scores): the smallest i with {@code c_i > u·c_last} (rule D8). */
    public static int sample(double[] scores, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] c = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            sum += Math.exp(scores[i] - max);
            c[i] = sum;
        }
        double threshold = u * sum;
        for (int i = 0; i < c.length; i++) {
            if (c[i] > threshold) {
                return i;
            }
        }
        return c.length - 1;
    }

    /** Decima's node features (x0..x4) of every node. */
    public static double[][] features(CjsObservation obs) {
        int n = obs.nodeCount();
        double execs = obs.executors();
        double[][] x = new double[n][];
        for (int j = 0; j < obs.jobCount(); j++) {
            double cap = obs.commitCap(j) / execs;
            double source = j == obs.sourceJob() ? 1 : -1;
            double supply = obs.supplies()[j] / execs;
            for (int i = obs.jobStart()[j]; i < obs.jobStart()[j + 1]; i++) {
                double r = obs.remainingTasks()[i];
                x[i] = new double[] {cap, source, supply, r / 200.0, r * obs.recentDurationMs()[i] / 100000.0};
            }
        }
        return x;
    }

    /** The encoder and the stage head. */
    public Forward forward(CjsObservation obs) {
        int n = obs.nodeCount();
        double[][] x = features(obs);
        double[][] h = nodeEmbeddings(obs, x);
        double[][] y = new double[obs.jobCount()][];
        double[] z = new double[E];
        double[] in = new double[F + E];
        for (int j = 0; j < obs.jobCount(); j++) {
            double[] sum = new double[E];
            for (int i = obs.jobStart()[j]; i < obs.jobStart()[j + 1]; i++) {
                System.arraycopy(x[i], 0, in, 0, F);
                System.arraycopy(h[i], 0, in, F, E);
                add(sum, weights.dag().apply(in, 0));
            }
            y[j] = sum;
            add(z, weights.glob().apply(sum, 0));
        }
        int[] schedulable = obs.schedulable();
        double[] scores = new double[schedulable.length];
        double[] stageIn = new double[F + 3 * E];
        for (int p = 0; p < schedulable.length; p++) {
            int i = schedulable[p];
            System.arraycopy(x[i], 0, stageIn, 0, F);
            System.arraycopy(h[i], 0, stageIn, F, E);
            System.arraycopy(y[obs.jobOf(i)], 0, stageIn, F + E, E);
            System.arraycopy(z, 0, stageIn, F + 2 * E, E);
            scores[p] = weights.stage().apply(stageIn, 0)[0];
        }
        assert n == x.length;
        return new Forward(x, h, y, z, scores);
    }

    /** The executor head's score for k = 0 .. cap_j − 1 executors more than one, for job position {@code job}. */
    public double[] executorScores(CjsObservation obs, Forward f, int job) {
        int cap = obs.commitCap(job);
        double[] first = f.features()[obs.jobStart()[job]];
        double[] in = new double[3 + 2 * E + 1];
        System.arraycopy(first, 0, in, 0, 3);
        System.arraycopy(f.dags()[job], 0, in, 3, E);
        System.arraycopy(f.global(), 0, in, 3 + E, E);
        // The first layer's sum over the 35 inputs that do not change with k, in index order; adding the k term
        // last keeps the exact sum of the plain layer.
        Mlp mlp = weights.exec();
        Mlp.Layer l0 = mlp.first();
        int last = in.length - 1;
        double[] base = new double[l0.out()];
        for (int o = 0; o < l0.out(); o++) {
            double s = 0;
            for (int i = 0; i < last; i++) {
                s += l0.weight()[o * l0.in() + i] * in[i];
            }
            base[o] = s;
        }
        double[] a = new double[l0.out()];
        double[] scores = new double[cap];
        for (int k = 0; k < cap; k++) {
            double v = k / (double) obs.executors();
            for (int o = 0; o < l0.out(); o++) {
                a[o] = mlp.activation().apply(base[o] + l0.weight()[o * l0.in() + last] * v + l0.bias()[o]);
            }
            scores[k] = mlp.applyAfterFirst(a)[0];
        }
        return scores;
    }

    /**
     * h per node: without edges {@code prep(x)}; else leaves get {@code update(prep(x))} and each level g from the
     * second-deepest up rewrites the parents of the edges inside {@code L_g ∪ children(L_g)} as
     * {@code prep(x_u) + update(Σ msg(h_v))}, the messages taken before the step's writes (kept quirk Q6).
     */
    double[][] nodeEmbeddings(CjsObservation obs, double[][] x) {
        int n = x.length;
        double[][] h0 = new double[n][];
        for (int i = 0; i < n; i++) {
            h0[i] = weights.prep().apply(x[i], 0);
        }
        int[] parents = obs.edgeParents();
        int[] children = obs.edgeChildren();
        if (parents.length == 0) {
            return h0;
        }
        int[] level = levels(n, parents, children);
        int levels = 0;
        for (int l : level) {
            levels = Math.max(levels, l + 1);
        }
        double[][] h = new double[n][];
        boolean[] hasChild = new boolean[n];
        for (int u : parents) {
            hasChild[u] = true;
        }
        for (int i = 0; i < n; i++) {
            h[i] = hasChild[i] ? new double[E] : weights.update().apply(h0[i], 0);
        }
        boolean[] inStep = new boolean[n];
        for (int g = levels - 2; g >= 0; g--) {
            Arrays.fill(inStep, false);
            for (int i = 0; i < n; i++) {
                if (level[i] == g) {
                    inStep[i] = true;
                }
            }
            for (int e = 0; e < parents.length; e++) {
                if (level[parents[e]] == g) {
                    inStep[children[e]] = true;
                }
            }
            List<Integer> stepEdges = new ArrayList<>();
            for (int e = 0; e < parents.length; e++) {
                if (inStep[parents[e]] && inStep[children[e]]) {
                    stepEdges.add(e);
                }
            }
            double[][] message = new double[n][];
            for (int e : stepEdges) {
                int v = children[e];
                if (message[v] == null) {
                    message[v] = weights.msg().apply(h[v], 0);
                }
            }
            double[][] sum = new double[n][];
            for (int e : stepEdges) {
                int u = parents[e];
                if (sum[u] == null) {
                    sum[u] = new double[E];
                }
                add(sum[u], message[children[e]]);
            }
            for (int u = 0; u < n; u++) {
                if (sum[u] != null) {
                    double[] upd = weights.update().apply(sum[u], 0);
                    for (int k = 0; k < E; k++) {
                        upd[k] += h0[u][k];
                    }
                    h[u] = upd;
                }
            }
        }
        return h;
    }

    /** Level of each node: the length of the longest path reaching it (networkx's topological generations). */
    static int[] levels(int n, int[] parents, int[] children) {
        int[] indegree = new int[n];
        int[] outCount = new int[n];
        for (int e = 0; e < parents.length; e++) {
            indegree[children[e]]++;
            outCount[parents[e]]++;
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[outCount[i]];
        }
        int[] fill = new int[n];
        for (int e = 0; e < parents.length; e++) {
            out[parents[e]][fill[parents[e]]++] = children[e];
        }
        int[] level = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int u = queue[head++];
            for (int v : out[u]) {
                level[v] = Math.max(level[v], level[u] + 1);
                if (--indegree[v] == 0) {
                    queue[tail++] = v;
                }
            }
        }
        if (tail != n) {
            throw new IllegalArgumentException("the active stages' dependencies have a cycle");
        }
        return level;
    }

    private static void add(double[] acc, double[] v) {
        for (int k = 0; k < acc.length; k++) {
            acc[k] += v[k];
        }
    }
}
