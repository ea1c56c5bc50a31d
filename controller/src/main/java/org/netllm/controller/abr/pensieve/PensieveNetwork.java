package org.netllm.controller.abr.pensieve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pensieve's actor or critic network: a 1D convolution of {@value #FILTERS} filters of width {@value #KERNEL} over
 * each of the throughput, download-time and next-chunk-size rows, a dense layer of {@value #UNITS} over each of
 * the last bitrate, the buffer and the chunks left, all ReLU, concatenated into a dense layer of {@value #UNITS}
 * (ReLU) and a linear output: one logit per level (the actor, softmax outside) or one value (the critic).
 * Convolutions are unpadded (Pensieve's tflearn layers pad to the input length; unpadded keeps the weights under
 * half the size for the same receptive field).
 *
 * <p>Dimensions: N states. Input {@code (N, 6, 8)} ({@link PensieveState}); output {@code (N, outputs)}.
 */
public final class PensieveNetwork extends AbstractBlock {

    /** Filters of each history convolution. */
    public static final int FILTERS = 128;
    /** Width of each convolution kernel. */
    public static final int KERNEL = 4;
    /** Units of each scalar's dense layer and of the merged layer. */
    public static final int UNITS = 128;

    private final int outputs;
    private final Linear lastBitrate;
    private final Linear buffer;
    private final Conv1d throughput;
    private final Conv1d downloadTime;
    private final Conv1d chunkSizes;
    private final Linear chunksLeft;
    private final Linear merged;
    private final Linear output;

    /** @param outputs {@value PensieveState#LEVELS} for the actor, 1 for the critic */
    public PensieveNetwork(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a Pensieve network needs at least one output, got " + outputs);
        }
        this.outputs = outputs;
        this.lastBitrate = addChildBlock("last_bitrate", Linear.builder().setUnits(UNITS).build());
        this.buffer = addChildBlock("buffer", Linear.builder().setUnits(UNITS).build());
        this.throughput = addChildBlock("throughput", conv());
        this.downloadTime = addChildBlock("download_time", conv());
        this.chunkSizes = addChildBlock("next_chunk_sizes", conv());
        this.chunksLeft = addChildBlock("chunks_left", Linear.builder().setUnits(UNITS).build());
        this.merged = addChildBlock("merged", Linear.builder().setUnits(UNITS).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(outputs).build());
    }

    private static Conv1d conv() {
        return Conv1d.builder().setKernelShape(new Shape(KERNEL)).setFilters(FILTERS).build();
    }

    public int outputs() {
        return outputs;
    }

    /** The output layer (the trainer shrinks the actor's initial weights so it starts near uniform). */
    public Linear output() {
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head(); // (N, 6, 8)
        int last = PensieveState.HISTORY - 1;
        NDArray bitrate = dense(store, lastBitrate, x.get(":, 0, " + last + ":"), training); // (N, U)
        NDArray buf = dense(store, buffer, x.get(":, 1, " + last + ":"), training); // (N, U)
        NDArray tput = convolve(store, throughput, x.get(":, 2:3, :"), training); // (N, F·5)
        NDArray delay = convolve(store, downloadTime, x.get(":, 3:4, :"), training); // (N, F·5)
        NDArray sizes = convolve(store, chunkSizes, x.get(":, 4:5, :" + PensieveState.LEVELS), training); // (N, F·3)
        NDArray left = dense(store, chunksLeft, x.get(":, 5, " + last + ":"), training); // (N, U)
        NDArray features = NDArrays.concat(new NDList(bitrate, buf, tput, delay, sizes, left), 1); // (N, 2048)
        NDArray hidden = Activation.relu(merged.forward(store, new NDList(features), training).head()); // (N, U)
        return new NDList(output.forward(store, new NDList(hidden), training).head()); // (N, outputs)
    }

    private static NDArray dense(ParameterStore store, Linear layer, NDArray scalar, boolean training) {
        return Activation.relu(layer.forward(store, new NDList(scalar), training).head());
    }

    private static NDArray convolve(ParameterStore store, Conv1d layer, NDArray row, boolean training) {
        NDArray c = Activation.relu(layer.forward(store, new NDList(row), training).head()); // (N, F, W - K + 1)
        return c.reshape(c.getShape().get(0), -1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        Shape scalar = new Shape(n, 1);
        lastBitrate.initialize(manager, dataType, scalar);
        buffer.initialize(manager, dataType, scalar);
        chunksLeft.initialize(manager, dataType, scalar);
        throughput.initialize(manager, dataType, new Shape(n, 1, PensieveState.HISTORY));
        downloadTime.initialize(manager, dataType, new Shape(n, 1, PensieveState.HISTORY));
        chunkSizes.initialize(manager, dataType, new Shape(n, 1, PensieveState.LEVELS));
        long width = 2L * FILTERS * (PensieveState.HISTORY - KERNEL + 1)
                + (long) FILTERS * (PensieveState.LEVELS - KERNEL + 1) + 3L * UNITS;
        merged.initialize(manager, dataType, new Shape(n, width));
        output.initialize(manager, dataType, new Shape(n, UNITS));
    }
}
