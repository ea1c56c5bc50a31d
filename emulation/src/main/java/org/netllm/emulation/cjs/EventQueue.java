package org.netllm.emulation.cjs;

import java.util.Arrays;

/**
 * The simulator's timeline: a binary min-heap on (time, seq) where seq counts pushes from 0, so events at equal
 * times run in push order (rule D2). An event is a kind and two ints. Not threadsafe.
 */
final class EventQueue {

    private double[] time = new double[1024];
    private long[] seq = new long[1024];
    private int[] kind = new int[1024];
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private int size;
    private long pushes;

    // The popped event.
    double poppedTime;
    int poppedKind;
    int poppedA;
    int poppedB;

    /** An independent copy: the same events in the same heap order, the same push counter. */
    EventQueue copy() {
        EventQueue c = new EventQueue();
        c.time = time.clone();
        c.seq = seq.clone();
        c.kind = kind.clone();
        c.a = a.clone();
        c.b = b.clone();
        c.size = size;
        c.pushes = pushes;
        return c;
    }

    boolean isEmpty() {
        return size == 0;
    }

    double peekTime() {
        return time[0];
    }

    void push(double t, int k, int x, int y) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            seq = Arrays.copyOf(seq, n);
            kind = Arrays.copyOf(kind, n);
            a = Arrays.copyOf(a, n);
            b = Arrays.copyOf(b, n);
        }
        long s = pushes++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, s, time[parent], seq[parent])) {
                break;
            }
            set(i, parent);
            i = parent;
        }
        time[i] = t;
        seq[i] = s;
        kind[i] = k;
        a[i] = x;
        b[i] = y;
    }

    void pop() {
        poppedTime = time[0];
        poppedKind = kind[0];
        poppedA = a[0];
        poppedB = b[0];
        int last = --size;
        if (last == 0) {
            return;
        }
        double t = time[last];
        long s = seq[last];
        int k = kind[last];
        int x = a[last];
        int y = b[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && before(time[child + 1], seq[child + 1], time[child], seq[child])) {
                child++;
            }
            if (!before(time[child], seq[child], t, s)) {
                break;
            }
            set(i, child);
            i = child;
        }
        time[i] = t;
        seq[i] = s;
        kind[i] = k;
        a[i] = x;
        b[i] = y;
    }

    private void set(int to, int from) {
        time[to] = time[from];
        seq[to] = seq[from];
        kind[to] = kind[from];
        a[to] = a[from];
        b[to] = b[from];
    }

    private static boolean before(double t1, long s1, double t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
