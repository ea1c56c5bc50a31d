package org.netllm.adapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.KvCache;

/**
 * NetLLM's return-conditioned offline-RL model: each step of a trajectory becomes the tokens
 * {@code [return-to-go, state tokens…, action]}, a learned timestep embedding is added to all of them, the
 * backbone reads the window causally, and the head predicts each step's action from that step's last state
 * token (which cannot see the action it predicts).
 *
 * <p>Dimensions: B windows, W steps, K state tokens per step, d width, A action encoding width. Windows are
 * right-padded: every window starts at position 0, in training and at inference alike, so the backbone's
 * positions always mean "steps since the window began"; a causal backbone makes the padding invisible to real
 * tokens, and the attention mask hides it from everything else.
 *
 * <p>Input ({@link #RETURNS} … {@link #FIRST_STATE}): returns-to-go {@code (B, W)} already divided by the return
 * scale; actions {@code (B, W, labelWidth)}; timesteps {@code (B, W)}; step mask {@code (B, W)} (1 real, 0
 * padding); action-known mask {@code (B, W)} (0 for the step being decided); then the encoder's arrays with
 * B·W rows each. Output: {@code (B, W, outputWidth)}.
 */
public final class ReturnConditionedAdapter extends AbstractBlock implements AdaptedModel {

    public static final int RETURNS = 0;
    public static final int ACTIONS = 1;
    public static final int TIMESTEPS = 2;
    public static final int STEP_MASK = 3;
    public static final int ACTION_KNOWN = 4;
    public static final int FIRST_STATE = 5;

    private final ReturnConditioning conditioning;
    private final MultimodalEncoder encoder;
    private final Backbone backbone;
    private final NetworkingHead head;
    private final Linear returnEmbedding;
    private final Linear actionEmbedding;
    private final TimestepEmbedding timestepEmbedding;

    public ReturnConditionedAdapter(MultimodalEncoder encoder, Backbone backbone, NetworkingHead head,
            ReturnConditioning conditioning) {
        if (!backbone.spec().causal()) {
            throw new IllegalArgumentException("return-conditioned adaptation needs a causal backbone: backbone "
                    + backbone.spec().id() + " attends both ways, so a step's state token would see its own action");
        }
        int d = backbone.spec().hiddenSize();
        this.conditioning = conditioning;
        this.encoder = addChildBlock("encoder", encoder);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.returnEmbedding = addChildBlock("return_embedding", Linear.builder().setUnits(d).build());
        this.actionEmbedding = addChildBlock("action_embedding", Linear.builder().setUnits(d).build());
        this.timestepEmbedding = addChildBlock("timestep_embedding", new TimestepEmbedding(conditioning.maxTimestep(), d));
    }

    @Override
    public MultimodalEncoder encoder() {
        return encoder;
    }

    @Override
    public Backbone backbone() {
        return backbone;
    }

    @Override
    public NetworkingHead head() {
        return head;
    }

    /** Window, timestep table and return scale. */
    public ReturnConditioning conditioning() {
        return conditioning;
    }

    /** Tokens per step: return, the state's tokens, action. */
    public int tokensPerStep() {
        return encoder.tokens() + 2;
    }

    /** Initialises everything but the (already initialised) backbone. */
    public ReturnConditionedAdapter initialize(NDManager manager) {
        Shape[] shapes = new Shape[5 + encoder.arrayCount()];
        shapes[RETURNS] = new Shape(1, 1);
        shapes[ACTIONS] = new Shape(1, 1, head.spec().labelWidth());
        shapes[TIMESTEPS] = new Shape(1, 1);
        shapes[STEP_MASK] = new Shape(1, 1);
        shapes[ACTION_KNOWN] = new Shape(1, 1);
        System.arraycopy(encoder.batchShapes(1), 0, shapes, FIRST_STATE, encoder.arrayCount());
        initialize(manager, DataType.FLOAT32, shapes);
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray returns = inputs.get(RETURNS);
        long b = returns.getShape().get(0);
        long w = returns.getShape().get(1);
        int k = encoder.tokens();
        int d = backbone.spec().hiddenSize();
        NDArray tokens = tokens(store, inputs, training); // (B, W·(K+2), d)
        NDArray stepMask = inputs.get(STEP_MASK).expandDims(2); // (B, W, 1)
        NDArray tokenMask = NDArrays.concat(new NDList(stepMask.repeat(2, k + 1),
                stepMask.mul(inputs.get(ACTION_KNOWN).expandDims(2))), 2).reshape(b, w * (k + 2)); // (B, W·(K+2))
        NDArray hidden = backbone.forward(store, new NDList(tokens, tokenMask), training).head();
        NDArray lastState = hidden.reshape(b, w, k + 2, d).get(":, :, " + k + ", :"); // (B, W, d)
        return head.forward(store, new NDList(lastState), training); // (B, W, outputWidth)
    }

    /**
     * Answers the last step of one session's window, running only the tokens {@code cache} lacks and appending them
     * to it; equals the last step's row of {@link #forward} over the whole window (the backbone's positions continue
     * from the cache's length, as in the full pass).
     *
     * <p>{@code inputs} (B = 1, in {@link #forward}'s layout) holds the steps not yet complete in the cache: with an
     * empty cache, the whole window; otherwise the cache ends with a step's last state token (it was the step being
     * decided), and the inputs start with that step, now with its action known. The cache ends, afterwards, with the
     * last step's last state token: its action is appended by the next call. A cache belongs to one window start:
     * positions count from the window's first step, so a window that drops steps from its front needs a new cache.
     *
     * @return the head's output for the last step, {@code (1, outputWidth)}
     */
    public NDArray forwardCached(ParameterStore store, NDList inputs, KvCache cache) {
        long rows = inputs.get(RETURNS).getShape().get(0);
        if (rows != 1) {
            throw new IllegalArgumentException("a key/value cache holds one window; got " + rows + " windows");
        }
        int perStep = tokensPerStep();
        long cached = cache.length();
        if (cached % perStep != (cached == 0 ? 0 : perStep - 1)) {
            throw new IllegalArgumentException("cache of " + cached + " positions does not end at a step's last state"
                    + " token (" + perStep + " tokens per step)");
        }
        NDArray tokens = tokens(store, inputs, false); // (1, M·(K+2), d)
        long skip = cached == 0 ? 0 : perStep - 1; // the first step's tokens the cache already holds
        long end = tokens.getShape().get(1) - 1; // the last step's action is what is being decided
        NDArray fresh = tokens.get(new NDIndex(":, {}:{}", skip, end)); // (1, T, d)
        NDArray hidden = backbone.forwardIncremental(store, fresh, cache); // (1, T, d)
        NDArray lastState = hidden.get(new NDIndex(":, -1:, :")); // (1, 1, d)
        return head.forward(store, new NDList(lastState), false).head().reshape(1, -1); // (1, outputWidth)
    }

    /**
     * Each step's tokens before the backbone, timestep embedding added, for {@link #forward}'s inputs:
     * {@code (B, W·(K+2), d)}. They do not depend on a step's place in its window (only the backbone adds positions),
     * so an inference path may compute each step's once and reuse them as the window moves.
     */
    public NDArray stepTokens(ParameterStore store, NDList inputs) {
        return tokens(store, inputs, false);
    }

    /** The windows' tokens as the backbone reads them, timestep embedding added: {@code (B, W·(K+2), d)}. */
    private NDArray tokens(ParameterStore store, NDList inputs, boolean training) {
        NDArray returns = inputs.get(RETURNS);
        long b = returns.getShape().get(0);
        long w = returns.getShape().get(1);
        int k = encoder.tokens();
        int d = backbone.spec().hiddenSize();
        NDList stateArrays = new NDList(inputs.subList(FIRST_STATE, inputs.size()));
        NDArray states = encoder.forward(store, stateArrays, training).head().reshape(b, w, k, d); // (B, W, K, d)
        NDArray r = returnEmbedding.forward(store, new NDList(returns.expandDims(2)), training).head(); // (B, W, d)
        NDArray actionCode = head.encodeAction(inputs.get(ACTIONS)); // (B, W, A)
        NDArray a = actionEmbedding.forward(store, new NDList(actionCode), training).head(); // (B, W, d)
        NDArray time = timestepEmbedding.forward(store, new NDList(inputs.get(TIMESTEPS)), training).head();
        NDArray steps = NDArrays.concat(new NDList(r.expandDims(2), states, a.expandDims(2)), 2) // (B, W, K+2, d)
                .add(time.expandDims(2));
        return steps.reshape(b, w * (k + 2), d);
    }

    @Override
    public NDArray loss(ParameterStore store, TrainingBatch batch) {
        NDArray output = forward(store, batch.inputs(), true).head();
        NDArray perStep = head.loss(output, batch.labels()); // (B, W)
        return perStep.mul(batch.weights()).sum().div(batch.weights().sum().maximum(1f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape r = inputShapes[RETURNS];
        return new Shape[] {new Shape(r.get(0), r.get(1), head.spec().outputWidth())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] stateShapes = java.util.Arrays.copyOfRange(inputShapes, FIRST_STATE, inputShapes.length);
        encoder.initialize(manager, dataType, stateShapes);
        int d = backbone.spec().hiddenSize();
        Shape r = inputShapes[RETURNS];
        head.initialize(manager, dataType, new Shape(r.get(0), r.get(1), d));
        returnEmbedding.initialize(manager, dataType, new Shape(r.get(0), r.get(1), 1));
        actionEmbedding.initialize(manager, dataType, new Shape(r.get(0), r.get(1), head.spec().actionEncodingWidth()));
        timestepEmbedding.initialize(manager, dataType, r);
    }
}
