package org.netllm.adapt.encoder;

/** The kind of a task input, which decides its feature encoder. */
public enum Modality {
    /** A few numbers (shape {@code [k]}), one token through a linear layer. */
    SCALAR(1),
    /** A time series or sequence (shape {@code [channels, length]}), one token through a 1D-CNN. */
    SEQUENCE(1),
    /** An image (shape {@code [channels, height, width]}), one token through a small ViT. */
    IMAGE(1),
    /**
     * A set of DAGs with node features (shape {@code [maxNodes, features, maxGraphs]}) given as three arrays:
     * node features {@code (n, F)}, adjacency {@code (n, n)} where {@code [i][j] = 1} means node j depends on
     * node i, and graph membership {@code (n, G)} one-hot (an all-zero row is a padding node). Tokens: one per
     * node, one per graph, one global summary, as in Decima.
     */
    GRAPH(3);

    private final int arrays;

    Modality(int arrays) {
        this.arrays = arrays;
    }

    /** How many arrays one input of this modality is given as. */
    public int arrays() {
        return arrays;
    }
}
