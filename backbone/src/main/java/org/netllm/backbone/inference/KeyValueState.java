package org.netllm.backbone.inference;

import java.util.Arrays;

/**
 * The keys and values of the positions one sequence has run through a {@link CompiledBackbone}, per layer, as
 * {@code (S, H_kv·D_h)} rows (after rotary). Not threadsafe: one state per sequence.
 */
public final class KeyValueState {

    private final int layers;
    private final int rowWidth;
    private float[][] keys;
    private float[][] values;
    private int capacity;
    private int length;

    KeyValueState(int layers, int rowWidth, int capacity) {
        this.layers = layers;
        this.rowWidth = rowWidth;
        this.capacity = Math.max(capacity, 1);
        this.keys = new float[layers][this.capacity * rowWidth];
        this.values = new float[layers][this.capacity * rowWidth];
    }

    /** Positions held. */
    public int length() {
        return length;
    }

    /** Forgets every position (keeps the memory). */
    public void clear() {
        length = 0;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    int rowWidth() {
        return rowWidth;
    }

    /** Makes room for {@code more} positions after the held ones. */
    void reserve(int more) {
        int needed = length + more;
        if (needed <= capacity) {
            return;
        }
        int grown = Math.max(needed, capacity * 2);
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], grown * rowWidth);
            values[l] = Arrays.copyOf(values[l], grown * rowWidth);
        }
        capacity = grown;
    }

    void advance(int positions) {
        length += positions;
    }
}
