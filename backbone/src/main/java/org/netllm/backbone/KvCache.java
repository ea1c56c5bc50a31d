package org.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values of the positions a backbone has already seen, per layer, for incremental decoding.
 *
 * <p>Keys and values are {@code (B, H_kv, S, D_h)} (after rotary, before grouped-query repetition). The arrays
 * live in this cache's own sub-manager, so they survive the per-step managers of the calls that produce them;
 * {@link #close()} frees them. This class is not threadsafe: one cache per decoding stream.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    /** An empty cache for {@code layers} layers whose arrays live in a sub-manager of {@code parent}. */
    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** S, the number of positions cached. */
    public long length() {
        return length;
    }

    /** Number of layers. */
    public int layers() {
        return keys.length;
    }

    /** Cached keys of a layer, or null while empty. */
    public NDArray keys(int layer) {
        return keys[layer];
    }

    /** Cached values of a layer, or null while empty. */
    public NDArray values(int layer) {
        return values[layer];
    }

    /** Replaces a layer's keys and values with longer ones (the old ones are freed). */
    public void update(int layer, NDArray newKeys, NDArray newValues) {
        NDArray oldKeys = keys[layer];
        NDArray oldValues = values[layer];
        newKeys.attach(manager);
        newValues.attach(manager);
        keys[layer] = newKeys;
        values[layer] = newValues;
        if (oldKeys != null && oldKeys != newKeys) {
            oldKeys.close();
        }
        if (oldValues != null && oldValues != newValues) {
            oldValues.close();
        }
    }

    /** Records that {@code positions} more positions were appended to every layer. */
    public void advance(long positions) {
        length += positions;
    }

    @Override
    public void close() {
        manager.close();
    }
}
