package org.netllm.adapt.encoder;

import java.util.List;

/**
 * One named input of a task step, in the order its tokens are emitted.
 *
 * @param name     the task's name for it, e.g. {@code throughputs}
 * @param modality decides the encoder
 * @param shape    per-example shape without the batch dimension, as {@link Modality} documents
 */
public record InputSpec(String name, Modality modality, List<Integer> shape) {

    public InputSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input needs a name");
        }
        if (modality == null) {
            throw new IllegalArgumentException("input " + name + " needs a modality");
        }
        shape = List.copyOf(shape);
        int rank = switch (modality) {
            case SCALAR -> 1;
            case SEQUENCE -> 2;
            case IMAGE, GRAPH -> 3;
        };
        if (shape.size() != rank || shape.stream().anyMatch(s -> s == null || s < 1)) {
            throw new IllegalArgumentException("input " + name + ": a " + modality + " input needs " + rank
                    + " positive dimensions, got " + shape);
        }
    }

    /** {@code k} numbers, one token. */
    public static InputSpec scalar(String name, int k) {
        return new InputSpec(name, Modality.SCALAR, List.of(k));
    }

    /** {@code channels} series of {@code length} values, one token. */
    public static InputSpec sequence(String name, int channels, int length) {
        return new InputSpec(name, Modality.SEQUENCE, List.of(channels, length));
    }

    /** A {@code channels × height × width} image, one token. */
    public static InputSpec image(String name, int channels, int height, int width) {
        return new InputSpec(name, Modality.IMAGE, List.of(channels, height, width));
    }

    /** Up to {@code maxGraphs} DAGs with {@code maxNodes} nodes in all, {@code features} per node. */
    public static InputSpec graph(String name, int maxNodes, int features, int maxGraphs) {
        return new InputSpec(name, Modality.GRAPH, List.of(maxNodes, features, maxGraphs));
    }

    /** Tokens this input contributes to a step. */
    public int tokens() {
        return modality == Modality.GRAPH ? shape.get(0) + shape.get(2) + 1 : 1;
    }

    /** Per-example shapes of the arrays this input is given as (one, or three for a graph). */
    public List<long[]> arrayShapes() {
        return switch (modality) {
            case SCALAR -> List.of(new long[] {shape.get(0)});
            case SEQUENCE -> List.of(new long[] {shape.get(0), shape.get(1)});
            case IMAGE -> List.of(new long[] {shape.get(0), shape.get(1), shape.get(2)});
            case GRAPH -> {
                long n = shape.get(0);
                yield List.of(new long[] {n, shape.get(1)}, new long[] {n, n}, new long[] {n, shape.get(2)});
            }
        };
    }
}
