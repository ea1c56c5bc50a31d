package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.netllm.adapt.model.TrainingBatch;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.Decima;

/**
 * Windows of decisions laid out as {@link CjsModel} reads them, built in plain arrays and turned into NDArrays once.
 *
 * <p>Dimensions: B windows, M steps over all windows, n the most active stages of a step, G the most active jobs,
 * Σ the schedulable stages over all steps, S the most schedulable stages of a step, L the longest window in
 * tokens, E the executor head's width. Each step becomes the tokens {@code [return, stage tokens…, executor,
 * action]} (the step being decided has no action token); windows are laid out compactly and right-padded, so a
 * token's position is the same in training and at inference. The arrays at the indices below are the model's
 * input.
 */
public final class CjsWindows {

    /** Decima's node features per node {@code (M, n, 5)}. */
    public static final int FEATURES = 0;
    /** {@code [i][j] = 1} when stage j depends on stage i {@code (M, n, n)}. */
    public static final int ADJACENCY = 1;
    /** One-hot job of each node {@code (M, n, G)}. */
    public static final int MEMBERSHIP = 2;
    /** Per schedulable stage, its node token, job token and global token in the flat encoder output {@code (1, Σ)}. */
    public static final int STAGE_NODE = 3;
    public static final int STAGE_JOB = 4;
    public static final int STAGE_GLOBAL = 5;
    /** Per step, the token of the chosen stage's job and the global token {@code (1, M)}. */
    public static final int EXECUTOR_JOB = 6;
    public static final int EXECUTOR_GLOBAL = 7;
    /** Per step, the chosen job's commit cap / N, source flag (±1) and supply / N {@code (1, M, 3)}. */
    public static final int EXECUTOR_FEATURES = 8;
    /** Per step, the chosen stage as an index into the Σ stage tokens {@code (1, M)}. */
    public static final int ACTION_STAGE = 9;
    /** Per step, executors committed / N {@code (1, M, 1)}. */
    public static final int ACTION_COUNT = 10;
    /** Per step, the normalised return-to-go {@code (1, M, 1)}. */
    public static final int RETURNS = 11;
    /** Timestep-table row of every token of the bank [returns, stages, executors, actions, padding] {@code (1, T)}. */
    public static final int BANK_TIMESTEPS = 12;
    /** The windows' tokens as indices into the bank {@code (B, L)}. */
    public static final int SEQUENCE = 13;
    /** 1 for real tokens, 0 for padding {@code (B, L)}. */
    public static final int SEQUENCE_MASK = 14;
    /** Per step, the flat position (b·L + t) of its last stage token {@code (1, M)}. */
    public static final int STAGE_QUERY = 15;
    /** Per schedulable stage, its flat position {@code (1, Σ)}. */
    public static final int STAGE_KEY = 16;
    /** Per schedulable stage, its step {@code (1, Σ)}. */
    public static final int STAGE_STEP = 17;
    /** Per step and stage slot, the index into the Σ scores, or Σ (a −1e9 pad) {@code (M, S)}. */
    public static final int SCORE_INDEX = 18;
    /** Per step, the flat position of its executor token {@code (1, M)}. */
    public static final int EXECUTOR_POSITION = 19;
    /** Per step, 0 for counts 1..cap, −1e9 above {@code (M, E)}. */
    public static final int EXECUTOR_MASK = 20;
    /** Arrays in the input. */
    public static final int ARRAYS = 21;

    /** Additive mask value of a forbidden choice. */
    public static final float FORBIDDEN = -1e9f;

    private final NDList inputs;
    private final NDArray labels;
    private final NDArray weights;
    private final int[] stageCounts;
    private final int[] caps;

    private CjsWindows(NDList inputs, NDArray labels, NDArray weights, int[] stageCounts, int[] caps) {
        this.inputs = inputs;
        this.labels = labels;
        this.weights = weights;
        this.stageCounts = stageCounts;
        this.caps = caps;
    }

    /** The model's input. */
    public NDList inputs() {
        return inputs;
    }

    /** As a training batch: labels {@code (M, S + E)} one-hot stage then executor count, weights {@code (M)}. */
    public TrainingBatch batch() {
        return new TrainingBatch(inputs, labels, weights);
    }

    /** Schedulable stages of step {@code m}. */
    public int stageCount(int m) {
        return stageCounts[m];
    }

    /** Executor counts allowed at step {@code m} (1..cap, at most the head's width). */
    public int cap(int m) {
        return caps[m];
    }

    /**
     * Lays out {@code windows} (each a list of consecutive decisions of one episode).
     *
     * @param lastPending whether each window's last step is the one being decided: no action token, no loss
     */
    public static CjsWindows of(List<List<CjsStep>> windows, CjsModelSettings settings, boolean lastPending,
                                NDManager manager) {
        int b = windows.size();
        int m = 0;
        int nMax = 1;
        int gMax = 1;
        int sigma = 0;
        int sMax = 1;
        for (List<CjsStep> w : windows) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("an empty window");
            }
            for (CjsStep s : w) {
                CjsObservation o = s.observation();
                nMax = Math.max(nMax, o.nodeCount());
                gMax = Math.max(gMax, o.jobCount());
                sigma += o.schedulable().length;
                sMax = Math.max(sMax, o.schedulable().length);
                m++;
            }
        }
        int e = settings.executors();
        int perStepTokens = nMax + gMax + 1;
        float[] features = new float[m * nMax * 5];
        float[] adjacency = new float[m * nMax * nMax];
        float[] membership = new float[m * nMax * gMax];
        long[] stageNode = new long[sigma];
        long[] stageJob = new long[sigma];
        long[] stageGlobal = new long[sigma];
        long[] stageKey = new long[sigma];
        long[] stageStep = new long[sigma];
        long[] executorJob = new long[m];
        long[] executorGlobal = new long[m];
        float[] executorFeatures = new float[m * 3];
        long[] actionStage = new long[m];
        float[] actionCount = new float[m];
        float[] returns = new float[m];
        long[] stageQuery = new long[m];
        long[] executorPosition = new long[m];
        long[] scoreIndex = new long[m * sMax];
        float[] executorMask = new float[m * e];
        float[] label = new float[m * (sMax + e)];
        float[] weight = new float[m];
        int[] stageCounts = new int[m];
        int[] caps = new int[m];
        int bank = 3 * m + sigma + 1;
        long[] bankTimesteps = new long[bank];
        int longest = 0;
        for (List<CjsStep> w : windows) {
            int tokens = 0;
            for (int t = 0; t < w.size(); t++) {
                boolean pending = lastPending && t == w.size() - 1;
                tokens += w.get(t).observation().schedulable().length + (pending ? 2 : 3);
            }
            longest = Math.max(longest, tokens);
        }
        long[] sequence = new long[b * longest];
        java.util.Arrays.fill(sequence, bank - 1);
        float[] sequenceMask = new float[b * longest];

        int step = 0;
        int stage = 0;
        for (int wi = 0; wi < b; wi++) {
            List<CjsStep> w = windows.get(wi);
            int pos = 0;
            for (int t = 0; t < w.size(); t++) {
                CjsStep s = w.get(t);
                boolean pending = lastPending && t == w.size() - 1;
                CjsObservation o = s.observation();
                int base = step * perStepTokens;
                int global = base + nMax + gMax;
                double[][] x = Decima.features(o);
                for (int i = 0; i < o.nodeCount(); i++) {
                    for (int f = 0; f < 5; f++) {
                        features[(step * nMax + i) * 5 + f] = (float) x[i][f];
                    }
                    membership[(step * nMax + i) * gMax + o.jobOf(i)] = 1f;
                }
                for (int k = 0; k < o.edgeParents().length; k++) {
                    adjacency[(step * nMax + o.edgeParents()[k]) * nMax + o.edgeChildren()[k]] = 1f;
                }
                int timestep = settings.timestep(o.decision());
                int[] schedulable = o.schedulable();
                stageCounts[step] = schedulable.length;
                // return token
                sequence[wi * longest + pos] = step;
                bankTimesteps[step] = timestep;
                pos++;
                int firstStage = stage;
                for (int p = 0; p < schedulable.length; p++) {
                    int node = schedulable[p];
                    stageNode[stage] = base + node;
                    stageJob[stage] = base + nMax + o.jobOf(node);
                    stageGlobal[stage] = global;
                    stageStep[stage] = step;
                    stageKey[stage] = (long) wi * longest + pos;
                    scoreIndex[step * sMax + p] = stage;
                    sequence[wi * longest + pos] = m + stage;
                    bankTimesteps[m + stage] = timestep;
                    pos++;
                    stage++;
                }
                for (int p = schedulable.length; p < sMax; p++) {
                    scoreIndex[step * sMax + p] = sigma;
                }
                stageQuery[step] = (long) wi * longest + pos - 1;
                CjsAction a = s.action();
                boolean none = a.stage() == CjsAction.NONE || a.stage() >= schedulable.length;
                int chosen = none ? 0 : a.stage();
                int job = o.jobOf(schedulable[chosen]);
                int cap = Math.max(1, Math.min(o.commitCap(job), e));
                caps[step] = cap;
                executorJob[step] = base + nMax + job;
                executorGlobal[step] = global;
                executorFeatures[step * 3] = (float) (o.commitCap(job) / (double) o.executors());
                executorFeatures[step * 3 + 1] = job == o.sourceJob() ? 1f : -1f;
                executorFeatures[step * 3 + 2] = (float) (o.supplies()[job] / (double) o.executors());
                for (int k = cap; k < e; k++) {
                    executorMask[step * e + k] = FORBIDDEN;
                }
                executorPosition[step] = (long) wi * longest + pos;
                sequence[wi * longest + pos] = m + sigma + step;
                bankTimesteps[m + sigma + step] = timestep;
                pos++;
                int count = none ? 0 : Math.max(1, Math.min(a.executors(), cap));
                actionStage[step] = firstStage + chosen;
                actionCount[step] = count / (float) o.executors();
                if (!pending) {
                    sequence[wi * longest + pos] = 2L * m + sigma + step;
                    bankTimesteps[2 * m + sigma + step] = timestep;
                    pos++;
                    if (!none) {
                        label[step * (sMax + e) + chosen] = 1f;
                        label[step * (sMax + e) + sMax + count - 1] = 1f;
                        weight[step] = 1f;
                    }
                }
                returns[step] = (float) s.returnToGo();
                step++;
            }
            for (int p = 0; p < pos; p++) {
                sequenceMask[wi * longest + p] = 1f;
            }
        }
        NDList in = new NDList(ARRAYS);
        in.add(manager.create(features, new Shape(m, nMax, 5)));
        in.add(manager.create(adjacency, new Shape(m, nMax, nMax)));
        in.add(manager.create(membership, new Shape(m, nMax, gMax)));
        in.add(manager.create(stageNode, new Shape(1, sigma)));
        in.add(manager.create(stageJob, new Shape(1, sigma)));
        in.add(manager.create(stageGlobal, new Shape(1, sigma)));
        in.add(manager.create(executorJob, new Shape(1, m)));
        in.add(manager.create(executorGlobal, new Shape(1, m)));
        in.add(manager.create(executorFeatures, new Shape(1, m, 3)));
        in.add(manager.create(actionStage, new Shape(1, m)));
        in.add(manager.create(actionCount, new Shape(1, m, 1)));
        in.add(manager.create(returns, new Shape(1, m, 1)));
        in.add(manager.create(bankTimesteps, new Shape(1, bank)));
        in.add(manager.create(sequence, new Shape(b, longest)));
        in.add(manager.create(sequenceMask, new Shape(b, longest)));
        in.add(manager.create(stageQuery, new Shape(1, m)));
        in.add(manager.create(stageKey, new Shape(1, sigma)));
        in.add(manager.create(stageStep, new Shape(1, sigma)));
        in.add(manager.create(scoreIndex, new Shape(m, sMax)));
        in.add(manager.create(executorPosition, new Shape(1, m)));
        in.add(manager.create(executorMask, new Shape(m, e)));
        return new CjsWindows(in, manager.create(label, new Shape(m, sMax + e)), manager.create(weight, new Shape(m)),
                stageCounts, caps);
    }
}
