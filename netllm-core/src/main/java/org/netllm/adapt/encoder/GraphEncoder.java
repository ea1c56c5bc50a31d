package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Decima's graph neural network: per-node embeddings by message passing from each node's children, per-graph
 * summaries over each DAG's nodes, and one global summary over all DAGs.
 *
 * <p>Dimensions: N examples, n nodes, F node features, G graphs, H hidden width. Inputs: features
 * {@code (N, n, F)}, adjacency {@code (N, n, n)} with {@code [i][j] = 1} when j depends on i (j is a child of i),
 * membership {@code (N, n, G)}. Output: {@code (N, n + G + 1, H)}: node tokens, graph tokens, the global token.
 * Weights are shared across rounds, as Decima shares its message functions across DAG levels.
 */
public final class GraphEncoder extends AbstractBlock {

    private final int hidden;
    private final int rounds;
    private final Linear nodeInput;
    private final Linear messageIn;
    private final Linear messageOut;
    private final Linear graphIn;
    private final Linear graphOut;
    private final Linear globalIn;
    private final Linear globalOut;

    public GraphEncoder(EncoderSettings settings) {
        this.hidden = settings.graphHidden();
        this.rounds = settings.graphRounds();
        this.nodeInput = addChildBlock("node_input", linear());
        this.messageIn = addChildBlock("message_in", linear());
        this.messageOut = addChildBlock("message_out", linear());
        this.graphIn = addChildBlock("graph_in", linear());
        this.graphOut = addChildBlock("graph_out", linear());
        this.globalIn = addChildBlock("global_in", linear());
        this.globalOut = addChildBlock("global_out", linear());
    }

    private Linear linear() {
        return Linear.builder().setUnits(hidden).build();
    }

    private NDArray relu(Linear layer, ParameterStore store, NDArray x, boolean training) {
        return Activation.relu(layer.forward(store, new NDList(x), training).head());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray adjacency = inputs.get(1);
        NDArray membership = inputs.get(2);
        NDArray own = relu(nodeInput, store, features, training); // (N, n, H)
        NDArray nodes = own;
        for (int r = 0; r < rounds; r++) {
            NDArray messages = adjacency.matMul(relu(messageIn, store, nodes, training)); // (N, n, H)
            nodes = own.add(relu(messageOut, store, messages, training));
        }
        NDArray perGraph = membership.transpose(0, 2, 1).matMul(relu(graphIn, store, nodes, training)); // (N, G, H)
        NDArray graphs = relu(graphOut, store, perGraph, training);
        // Empty graph slots would otherwise add their bias to the global summary.
        NDArray present = membership.sum(new int[] {1}).gt(0).toType(graphs.getDataType(), false).expandDims(2);
        NDArray global = relu(globalIn, store, graphs, training).mul(present).sum(new int[] {1}, true); // (N, 1, H)
        NDArray summary = relu(globalOut, store, global, training);
        return new NDList(NDArrays.concat(new NDList(nodes, graphs, summary), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(1);
        long g = inputShapes[2].get(2);
        return new Shape[] {new Shape(inputShapes[0].get(0), n + g + 1, hidden)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        nodeInput.initialize(manager, dataType, inputShapes[0]);
        Shape h = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), hidden);
        for (var layer : new Linear[] {messageIn, messageOut, graphIn, graphOut, globalIn, globalOut}) {
            layer.initialize(manager, dataType, h);
        }
    }
}
