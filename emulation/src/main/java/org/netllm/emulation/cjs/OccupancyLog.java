package org.netllm.emulation.cjs;

import java.util.Arrays;

/** Executors local to each job over time: one entry per change (time ms, job, executors now). Not threadsafe. */
public final class OccupancyLog {

    private double[] times = new double[256];
    private int[] jobs = new int[256];
    private int[] counts = new int[256];
    private int size;

    void add(double timeMs, int job, int count) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            jobs = Arrays.copyOf(jobs, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        times[size] = timeMs;
        jobs[size] = job;
        counts[size] = count;
        size++;
    }

    public int size() {
        return size;
    }

    public double timeMs(int i) {
        return times[i];
    }

    public int job(int i) {
        return jobs[i];
    }

    public int executors(int i) {
        return counts[i];
    }
}
