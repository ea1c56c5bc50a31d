package org.netllm.emulation.mahimahi;

import java.util.Arrays;
import org.netllm.emulation.abr.Trace;

/**
 * One loop of a bandwidth trace as the ABR simulator replays it from a start pointer: segment i spans
 * {@code t[i-1]..t[i]} at {@code mbps[i]}, and after the last segment the loop restarts at segment 1 spanning
 * {@code 0..t[1]}. It is what {@code mm-link} replays from a {@link PacketDeliveryTrace} made of it, and can be
 * turned back into a {@link Trace} that the simulator replays from pointer 1, shifted to any moment.
 *
 * @param durationsMs length of each segment, in replay order
 * @param mbps        rate of each segment
 */
public record TraceCycle(String name, double[] durationsMs, double[] mbps) {

    public TraceCycle {
        if (durationsMs.length == 0 || durationsMs.length != mbps.length) {
            throw new IllegalArgumentException("trace cycle " + name + " needs as many durations as rates, at least one");
        }
        durationsMs = durationsMs.clone();
        mbps = mbps.clone();
    }

    /** The loop {@code trace} makes from {@code startPointer} (1..length-1), as the simulator walks it. */
    public static TraceCycle of(Trace trace, int startPointer) {
        int n = trace.length();
        if (startPointer < 1 || startPointer >= n) {
            throw new IllegalArgumentException("start pointer " + startPointer + " outside trace " + trace.name()
                    + " (valid: 1.." + (n - 1) + ")");
        }
        double[] t = trace.timesSeconds();
        double[] durations = new double[n - 1];
        double[] rates = new double[n - 1];
        for (int k = 0; k < n - 1; k++) {
            int segment = 1 + (startPointer - 1 + k) % (n - 1);
            double start = segment == 1 && k > 0 ? 0.0 : t[segment - 1];
            durations[k] = (t[segment] - start) * 1000.0;
            rates[k] = trace.mbps()[segment];
        }
        return new TraceCycle(trace.name(), durations, rates);
    }

    public double periodMs() {
        return Arrays.stream(durationsMs).sum();
    }

    /** The same loop entered {@code offsetMs} later (modulo the period), splitting the segment it falls in. */
    public TraceCycle shiftedBy(double offsetMs) {
        double period = periodMs();
        double offset = ((offsetMs % period) + period) % period;
        int k = 0;
        while (k < durationsMs.length - 1 && offset >= durationsMs[k]) {
            offset -= durationsMs[k];
            k++;
        }
        int n = durationsMs.length;
        double[] durations = new double[n + 1];
        double[] rates = new double[n + 1];
        for (int i = 0; i < n; i++) {
            durations[i] = durationsMs[(k + i) % n];
            rates[i] = mbps[(k + i) % n];
        }
        durations[0] -= offset;
        durations[n] = offset;  // the part of segment k before the offset closes the loop
        rates[n] = mbps[k];
        return new TraceCycle(name, dropEmpty(durations, rates, true), dropEmpty(durations, rates, false));
    }

    /** A trace the simulator replays from pointer 1 exactly as this loop (times from 0, looping to 0). */
    public Trace toTrace() {
        double[] times = new double[durationsMs.length + 1];
        double[] rates = new double[durationsMs.length + 1];
        rates[0] = mbps[0];  // never replayed: segment i uses mbps[i], and the loop restarts at segment 1
        for (int i = 0; i < durationsMs.length; i++) {
            times[i + 1] = times[i] + durationsMs[i] / 1000.0;
            rates[i + 1] = mbps[i];
        }
        return new Trace(name, times, rates);
    }

    private static double[] dropEmpty(double[] durations, double[] rates, boolean wantDurations) {
        int kept = 0;
        double[] out = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            if (durations[i] > 1e-9) {
                out[kept++] = wantDurations ? durations[i] : rates[i];
            }
        }
        return Arrays.copyOf(out, kept);
    }
}
