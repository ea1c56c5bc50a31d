package org.netllm.controller.cjs.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.TimestepEmbedding;
import org.netllm.adapt.model.TrainingBatch;
import org.netllm.backbone.Backbone;

/**
 * NetLLM's CJS model on the engine's pieces: per decision the tokens {@code [return-to-go, one token per
 * schedulable stage, executor token, action]} with a learned timestep embedding on each, read causally by the
 * backbone; a stage head scoring every schedulable stage (any number of them) and an executor head over 1..commit
 * cap. Its own Block because the engine's {@code ReturnConditionedAdapter} takes a fixed number of state tokens per
 * step, and a CJS step has as many as it has schedulable stages.
 *
 * <p>Stage tokens: the engine's GRAPH encoder (Decima-style message passing over each job's DAG, one token per
 * node, per job and one global, projected to d and layer-normalised) gives, per schedulable stage, its node, job and
 * global tokens, concatenated, projected and layer-normalised. The executor token is the chosen stage's job token,
 * the global token and the job's cap, source flag and supply, projected and normalised. The action token embeds the
 * chosen stage's token and the executor fraction.
 *
 * <p>Stage head: the last stage token's output (which has seen every stage of the step, never its action) as a
 * query against each stage token's output. Executor head: a linear layer on the executor token's output, masked
 * above the commit cap. Input: {@link CjsWindows}; output {@code (M, S)} stage logits and {@code (M, E)} executor
 * logits, forbidden choices at −1e9.
 */
public final class CjsModel extends AbstractBlock implements AdaptedModel {

    /** Node features the graph encoder reads (Decima's x0..x4). */
    public static final int NODE_FEATURES = 5;
    private static final int KEY_WIDTH = 64;

    private final CjsModelSettings settings;
    private final MultimodalEncoder graph;
    private final Backbone backbone;
    private final Linear stageProjection;
    private final LayerNorm stageNorm;
    private final Linear executorProjection;
    private final LayerNorm executorNorm;
    private final Linear returnEmbedding;
    private final Linear actionEmbedding;
    private final TimestepEmbedding timestepEmbedding;
    private final Linear stageQuery;
    private final Linear stageKey;
    private final NetworkingHead executorHead;

    public CjsModel(Backbone backbone, CjsModelSettings settings) {
        if (!backbone.spec().causal()) {
            throw new IllegalArgumentException("the CJS model needs a causal backbone: " + backbone.spec().id()
                    + " attends both ways, so a step's tokens would see its own action");
        }
        int d = backbone.spec().hiddenSize();
        this.settings = settings;
        // The declared node and job counts are nominal: the GRAPH encoder's layers act per node, so any count works.
        this.graph = addChildBlock("graph", new MultimodalEncoder(
                List.of(InputSpec.graph("dags", 1, NODE_FEATURES, 1)), d, settings.graph()));
        this.backbone = addChildBlock("backbone", backbone);
        this.stageProjection = addChildBlock("stage_projection", Linear.builder().setUnits(d).build());
        this.stageNorm = addChildBlock("stage_norm", LayerNorm.builder().axis(2).build());
        this.executorProjection = addChildBlock("executor_projection", Linear.builder().setUnits(d).build());
        this.executorNorm = addChildBlock("executor_norm", LayerNorm.builder().axis(2).build());
        this.returnEmbedding = addChildBlock("return_embedding", Linear.builder().setUnits(d).build());
        this.actionEmbedding = addChildBlock("action_embedding", Linear.builder().setUnits(d).build());
        this.timestepEmbedding = addChildBlock("timestep_embedding", new TimestepEmbedding(settings.maxTimestep(), d));
        this.stageQuery = addChildBlock("stage_query", Linear.builder().setUnits(KEY_WIDTH).build());
        this.stageKey = addChildBlock("stage_key", Linear.builder().setUnits(KEY_WIDTH).build());
        this.executorHead = addChildBlock("executor_head", NetworkingHead.of(new HeadSpec.Categorical(settings.executors())));
    }

    /** The model's sizes. */
    public CjsModelSettings settings() {
        return settings;
    }

    /** The graph encoder (the engine's multimodal encoder with one GRAPH input). */
    @Override
    public MultimodalEncoder encoder() {
        return graph;
    }

    @Override
    public Backbone backbone() {
        return backbone;
    }

    /** The executor head (the stage head is a query–key score, not a fixed-width head). */
    @Override
    public NetworkingHead head() {
        return executorHead;
    }

    /** Initialises everything but the (already initialised) backbone. */
    public CjsModel initialize(NDManager manager) {
        int d = backbone.spec().hiddenSize();
        graph.initialize(manager, DataType.FLOAT32, new Shape(1, 1, NODE_FEATURES), new Shape(1, 1, 1),
                new Shape(1, 1, 1));
        stageProjection.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 3L * d));
        stageNorm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d));
        executorProjection.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2L * d + 3));
        executorNorm.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d));
        returnEmbedding.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 1));
        actionEmbedding.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d + 1L));
        timestepEmbedding.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        stageQuery.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d));
        stageKey.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d));
        executorHead.initialize(manager, DataType.FLOAT32, new Shape(1, 1, d));
        return this;
    }

    /** Rows of {@code table} {@code (T, k)} at {@code index} (any shape): {@code index.shape + (k)}, differentiable. */
    private static NDArray rows(NDArray table, NDArray index) {
        return index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE).head();
    }

    private static NDArray apply(ai.djl.nn.Block block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).head();
    }

    /**
     * The token embeddings of a window layout before the backbone.
     *
     * @param flat   the graph encoder's output, one row per node, job and global token of every step {@code (·, d)}
     * @param tokens the windows' token sequences {@code (B, L, d)}, timestep embeddings added
     */
    record Tokens(NDArray flat, NDArray tokens) {
    }

    /** The tokens of {@code in} ({@link CjsWindows}' layout). */
    Tokens tokens(ParameterStore store, NDList in, boolean training) {
        int d = backbone.spec().hiddenSize();
        NDArray encoded = graph.forward(store, new NDList(in.get(CjsWindows.FEATURES), in.get(CjsWindows.ADJACENCY),
                in.get(CjsWindows.MEMBERSHIP)), training).head(); // (M, n+G+1, d)
        NDArray flat = encoded.reshape(-1, d);
        NDArray stageIn = NDArrays.concat(new NDList(rows(flat, in.get(CjsWindows.STAGE_NODE)),
                rows(flat, in.get(CjsWindows.STAGE_JOB)), rows(flat, in.get(CjsWindows.STAGE_GLOBAL))), 2); // (1, Σ, 3d)
        NDArray stages = apply(stageNorm, store, apply(stageProjection, store, stageIn, training), training); // (1, Σ, d)
        NDArray executors = executorEmbeddings(store, flat, in, training);
        NDArray returns = apply(returnEmbedding, store, in.get(CjsWindows.RETURNS), training); // (1, M, d)
        NDArray actionIn = NDArrays.concat(new NDList(rows(stages.reshape(-1, d), in.get(CjsWindows.ACTION_STAGE)),
                in.get(CjsWindows.ACTION_COUNT)), 2);
        NDArray actions = apply(actionEmbedding, store, actionIn, training); // (1, M, d)
        NDArray padding = returns.getManager().zeros(new Shape(1, 1, d), returns.getDataType());
        NDArray bank = NDArrays.concat(new NDList(returns, stages, executors, actions, padding), 1)
                .add(apply(timestepEmbedding, store, in.get(CjsWindows.BANK_TIMESTEPS), training)); // (1, T, d)
        return new Tokens(flat, rows(bank.reshape(-1, d), in.get(CjsWindows.SEQUENCE))); // (B, L, d)
    }

    private NDArray executorEmbeddings(ParameterStore store, NDArray flat, NDList in, boolean training) {
        NDArray executorIn = NDArrays.concat(new NDList(rows(flat, in.get(CjsWindows.EXECUTOR_JOB)),
                rows(flat, in.get(CjsWindows.EXECUTOR_GLOBAL)), in.get(CjsWindows.EXECUTOR_FEATURES)), 2);
        return apply(executorNorm, store, apply(executorProjection, store, executorIn, training), training); // (1, M, d)
    }

    /**
     * The executor tokens of {@code steps} of {@code in} over an earlier layout's graph output {@code flat} (the same
     * windows, so the same nodes; only the chosen stages differ), timestep embeddings added: {@code (1, K, d)}.
     */
    NDArray executorTokens(ParameterStore store, NDArray flat, NDList in, long[] steps) {
        int d = backbone.spec().hiddenSize();
        long m = in.get(CjsWindows.RETURNS).getShape().get(1);
        long sigma = in.get(CjsWindows.STAGE_NODE).getShape().get(1);
        NDManager scope = flat.getManager();
        NDArray index = scope.create(steps, new Shape(1, steps.length));
        NDArray executors = rows(executorEmbeddings(store, flat, in, false).reshape(-1, d), index); // (1, K, d)
        long[] bank = in.get(CjsWindows.BANK_TIMESTEPS).toLongArray();
        long[] timesteps = new long[steps.length];
        for (int k = 0; k < steps.length; k++) {
            timesteps[k] = bank[Math.toIntExact(m + sigma + steps[k])];
        }
        return executors.add(apply(timestepEmbedding, store, scope.create(timesteps, new Shape(1, steps.length)),
                false));
    }

    /** Stage logits {@code (M, S)} from the backbone's outputs {@code (B·L, d)} (only stage positions are read). */
    NDArray stageLogits(ParameterStore store, NDList in, NDArray hidden, boolean training) {
        NDArray query = apply(stageQuery, store, rows(hidden, in.get(CjsWindows.STAGE_QUERY)), training); // (1, M, k)
        NDArray keys = apply(stageKey, store, rows(hidden, in.get(CjsWindows.STAGE_KEY)), training); // (1, Σ, k)
        NDArray perStage = rows(query.reshape(-1, KEY_WIDTH), in.get(CjsWindows.STAGE_STEP)); // (1, Σ, k)
        NDArray scores = perStage.mul(keys).sum(new int[] {2}).div((float) Math.sqrt(KEY_WIDTH)).reshape(-1, 1);
        NDArray padded = NDArrays.concat(new NDList(scores,
                scores.getManager().full(new Shape(1, 1), CjsWindows.FORBIDDEN, scores.getDataType())), 0); // (Σ+1, 1)
        NDArray scoreIndex = in.get(CjsWindows.SCORE_INDEX);
        return rows(padded, scoreIndex).reshape(scoreIndex.getShape()); // (M, S)
    }

    /** Executor logits {@code (K, E)} of executor-token outputs {@code (·, K, d)}, masked by {@code mask (K, E)}. */
    NDArray executorLogits(ParameterStore store, NDArray outputs, NDArray mask, boolean training) {
        return apply(executorHead, store, outputs, training).reshape(-1, settings.executors()).add(mask);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList in, boolean training,
            PairList<String, Object> params) {
        int d = backbone.spec().hiddenSize();
        NDArray tokens = tokens(store, in, training).tokens();
        NDArray hidden = backbone.forward(store, new NDList(tokens, in.get(CjsWindows.SEQUENCE_MASK)), training)
                .head().reshape(-1, d); // (B·L, d)
        NDArray executorLogits = executorLogits(store, rows(hidden, in.get(CjsWindows.EXECUTOR_POSITION)),
                in.get(CjsWindows.EXECUTOR_MASK), training); // (M, E)
        return new NDList(stageLogits(store, in, hidden, training), executorLogits);
    }

    /** Mean over the labelled steps of the stage and executor cross-entropies (labels as {@link CjsWindows#batch}). */
    @Override
    public NDArray loss(ParameterStore store, TrainingBatch batch) {
        NDList out = forward(store, batch.inputs(), true);
        NDArray stageLogits = out.get(0);
        long s = stageLogits.getShape().get(1);
        NDArray labels = batch.labels();
        NDArray stageLabels = labels.get(":, 0:" + s);
        NDArray executorLabels = labels.get(":, " + s + ":");
        NDArray perStep = stageLogits.logSoftmax(1).mul(stageLabels).sum(new int[] {1})
                .add(out.get(1).logSoftmax(1).mul(executorLabels).sum(new int[] {1})).neg(); // (M)
        NDArray w = batch.weights();
        return perStep.mul(w).sum().div(w.sum().maximum(1f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape scoreIndex = inputShapes[CjsWindows.SCORE_INDEX];
        return new Shape[] {scoreIndex, new Shape(scoreIndex.get(0), settings.executors())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initialize(manager);
    }
}
