package org.netllm.adapt.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Several heads on the same state (e.g. which stage and how many executors); rows are concatenated in order. */
public final class CompositeHead extends NetworkingHead {

    private final HeadSpec.Composite spec;
    private final List<NetworkingHead> parts = new ArrayList<>();

    public CompositeHead(HeadSpec.Composite spec) {
        this.spec = spec;
        var leaves = spec.leaves();
        for (int i = 0; i < leaves.size(); i++) {
            parts.add(addChildBlock("part" + i, NetworkingHead.of(leaves.get(i))));
        }
    }

    @Override
    public HeadSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        var rows = new NDList();
        for (var part : parts) {
            rows.add(part.forward(store, inputs, training).head());
        }
        return new NDList(NDArrays.concat(rows, -1));
    }

    private static NDArray columns(NDArray x, int from, int width) {
        return x.get("..., " + from + ":" + (from + width));
    }

    @Override
    public NDArray loss(NDArray output, NDArray labels) {
        NDArray total = null;
        int out = 0;
        int label = 0;
        for (var part : parts) {
            var s = part.spec();
            NDArray l = part.loss(columns(output, out, s.outputWidth()), columns(labels, label, s.labelWidth()));
            total = total == null ? l : total.add(l);
            out += s.outputWidth();
            label += s.labelWidth();
        }
        return total;
    }

    @Override
    public NDArray encodeAction(NDArray labels) {
        var encoded = new NDList();
        int label = 0;
        for (var part : parts) {
            encoded.add(part.encodeAction(columns(labels, label, part.spec().labelWidth())));
            label += part.spec().labelWidth();
        }
        return NDArrays.concat(encoded, -1);
    }

    @Override
    public float[] greedy(float[] output, ActionMask mask) {
        return decode(output, mask, null);
    }

    @Override
    public float[] sample(float[] output, ActionMask mask, Random random) {
        return decode(output, mask, random);
    }

    private float[] decode(float[] output, ActionMask mask, Random random) {
        float[] answer = new float[spec.labelWidth()];
        int out = 0;
        int label = 0;
        for (int i = 0; i < parts.size(); i++) {
            var part = parts.get(i);
            var s = part.spec();
            float[] row = Arrays.copyOfRange(output, out, out + s.outputWidth());
            var own = ActionMask.of(mask.forLeaf(i));
            float[] a = random == null ? part.greedy(row, own) : part.sample(row, own, random);
            System.arraycopy(a, 0, answer, label, a.length);
            out += s.outputWidth();
            label += s.labelWidth();
        }
        return answer;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(spec.outputWidth())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var part : parts) {
            part.initialize(manager, dataType, inputShapes);
        }
    }
}
