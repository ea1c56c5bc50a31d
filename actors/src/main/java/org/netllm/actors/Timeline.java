package org.netllm.actors;

import java.util.ArrayList;
import java.util.List;

/**
 * A session's history for a live chart, bounded however long the session runs: keeps at most {@code capacity}
 * moments spread evenly over the whole session. When it is full, every other kept moment is dropped and from then
 * on only every 2nd (then 4th, …) moment offered is kept, so the start of a long session stays visible at the cost
 * of resolution. The newest moment offered is always the last of a {@link #snapshot()}, kept or not. Not threadsafe
 * (one actor owns it).
 *
 * @param <T> an immutable moment
 */
public final class Timeline<T> {

    private final int capacity;
    private final List<T> kept = new ArrayList<>();
    /** The kept moments are offered moments 0, stride, 2·stride, …. */
    private long stride = 1;
    private long offered;
    /** The newest moment when it was not kept, else null. */
    private T newest;

    /** @param capacity the most moments kept, even and at least 2 */
    public Timeline(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("a timeline keeps an even number >= 2 of moments; got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The next moment, later than every one before. */
    public void add(T moment) {
        if (offered % stride == 0 && kept.size() == capacity) {
            thin();
        }
        if (offered % stride == 0) {
            kept.add(moment);
            newest = null;
        } else {
            newest = moment;
        }
        offered++;
    }

    private void thin() {
        // kept[i] is offered moment i·stride; keeping the even i leaves offered moments 0, 2·stride, 4·stride, ….
        List<T> half = new ArrayList<>(capacity / 2);
        for (int i = 0; i < kept.size(); i += 2) {
            half.add(kept.get(i));
        }
        kept.clear();
        kept.addAll(half);
        stride *= 2;
    }

    /** The kept moments, oldest first, then the newest offered if it was not kept: at most capacity + 1. */
    public List<T> snapshot() {
        List<T> out = new ArrayList<>(kept.size() + 1);
        out.addAll(kept);
        if (newest != null) {
            out.add(newest);
        }
        return List.copyOf(out);
    }

    /** Moments offered so far. */
    public long offered() {
        return offered;
    }
}
