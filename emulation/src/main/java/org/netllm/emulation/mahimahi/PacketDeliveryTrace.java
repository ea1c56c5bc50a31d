package org.netllm.emulation.mahimahi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.netllm.emulation.abr.Trace;

/**
 * A Mahimahi packet-delivery trace: each entry is the millisecond (from the shell's start) at which one
 * {@value #PACKET_BYTES}-byte packet may leave the link; {@code mm-link} loops the file with the last entry
 * as its period. Entries are non-decreasing and the last is positive.
 */
public record PacketDeliveryTrace(String name, int[] deliveryMs) {

    /** The packet size Mahimahi's trace format assumes. */
    public static final int PACKET_BYTES = 1500;
    // Cumulative packet counts are floored with this slack so 999.9999999 (rounding of an exact 1000) counts 1000.
    private static final double COUNT_SLACK = 1e-9;

    public PacketDeliveryTrace {
        if (deliveryMs.length == 0) {
            throw new IllegalArgumentException("packet trace " + name + " has no delivery opportunity");
        }
        for (int i = 0; i < deliveryMs.length; i++) {
            if (deliveryMs[i] < 0 || (i > 0 && deliveryMs[i] < deliveryMs[i - 1])) {
                throw new IllegalArgumentException("packet trace " + name + ": entry " + i + " (" + deliveryMs[i]
                        + " ms) is negative or earlier than the one before");
            }
        }
        if (deliveryMs[deliveryMs.length - 1] <= 0) {
            throw new IllegalArgumentException("packet trace " + name + ": the last entry must be positive");
        }
        deliveryMs = deliveryMs.clone();
    }

    /** A link of constant rate over one period of {@code periodMs}. */
    public static PacketDeliveryTrace constantRate(double mbps, int periodMs) {
        double bytesPerMs = mbps * 1e6 / 8.0 / 1000.0;
        return fromRate("constant-" + mbps + "mbps", new double[] {periodMs}, new double[] {bytesPerMs});
    }

    /**
     * The bandwidth trace as the ABR simulator replays it from {@code startPointer} (segment i spans
     * {@code t[i-1]..t[i]} at {@code mbps[i]}; after the end the cycle restarts at segment 1 spanning
     * {@code 0..t[1]}), one full cycle long, so a looping {@code mm-link} delivers the bytes the simulator's
     * link offers, interval by interval. Counting is cumulative: the fractional packet left at the end of one
     * interval is carried into the next, so after every millisecond the packets delivered are exactly
     * {@code floor(bytes offered so far / 1500)}.
     */
    public static PacketDeliveryTrace fromBandwidth(Trace trace, int startPointer) {
        return fromCycle(TraceCycle.of(trace, startPointer));
    }

    /** One loop of {@code cycle}, with the fractional packet carried across its segments. */
    public static PacketDeliveryTrace fromCycle(TraceCycle cycle) {
        double[] durations = cycle.durationsMs();
        double[] endsMs = new double[durations.length];
        double[] bytesPerMs = new double[durations.length];
        double clock = 0.0;
        for (int k = 0; k < durations.length; k++) {
            clock += durations[k];
            endsMs[k] = clock;
            bytesPerMs[k] = cycle.mbps()[k] * 1e6 / 8.0 / 1000.0;
        }
        return fromRate(cycle.name(), endsMs, bytesPerMs);
    }

    /**
     * Piecewise-constant rates: interval k ends at {@code endsMs[k]} and offers {@code bytesPerMs[k]}. If the
     * last milliseconds offer no whole packet the file must still end there (the period is its last entry),
     * so the final packet of the period is moved to the period's end; it is the one packet whose timing
     * differs, and the byte count per period stays exact.
     */
    static PacketDeliveryTrace fromRate(String name, double[] endsMs, double[] bytesPerMs) {
        int periodMs = (int) Math.round(endsMs[endsMs.length - 1]);
        if (periodMs <= 0) {
            throw new IllegalArgumentException("trace " + name + " lasts " + endsMs[endsMs.length - 1] + " ms");
        }
        int[] out = new int[64];
        int count = 0;
        long deliveredPackets = 0;
        double offeredBytes = 0.0;
        double previousMs = 0.0;
        int k = 0;
        for (int ms = 1; ms <= periodMs; ms++) {
            // bytes offered during (ms-1, ms], crossing interval boundaries where they fall inside it
            while (k < endsMs.length - 1 && endsMs[k] <= ms) {
                offeredBytes += (endsMs[k] - previousMs) * bytesPerMs[k];
                previousMs = endsMs[k];
                k++;
            }
            offeredBytes += (ms - previousMs) * bytesPerMs[k];
            previousMs = ms;
            long due = (long) Math.floor(offeredBytes / PACKET_BYTES + COUNT_SLACK);
            for (; deliveredPackets < due; deliveredPackets++) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[count++] = ms;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("trace " + name + " offers less than one " + PACKET_BYTES
                    + "-byte packet in its " + periodMs + " ms; Mahimahi cannot replay it");
        }
        out[count - 1] = periodMs;
        return new PacketDeliveryTrace(name, Arrays.copyOf(out, count));
    }

    /** Length of one loop of the file. */
    public int periodMs() {
        return deliveryMs[deliveryMs.length - 1];
    }

    public int packets() {
        return deliveryMs.length;
    }

    /** Packets that may leave the link within the first {@code ms} milliseconds of one period. */
    public int packetsBy(int ms) {
        int i = Arrays.binarySearch(deliveryMs, ms);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < deliveryMs.length && deliveryMs[i + 1] == ms) {
            i++;
        }
        return i + 1;
    }

    /** Mean link rate over one period. */
    public double meanMbps() {
        return (double) packets() * PACKET_BYTES * 8.0 / 1000.0 / periodMs();
    }

    /** Writes the file {@code mm-link} reads (readable by every user, since the shell runs unprivileged). */
    public Path write(Path file) {
        try (Writer w = Files.newBufferedWriter(file)) {
            StringBuilder line = new StringBuilder(12);
            for (int ms : deliveryMs) {
                line.setLength(0);
                w.append(line.append(ms).append('\n'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write packet trace " + file, e);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make packet trace " + file + " readable", e);
        }
        return file;
    }

    @Override
    public int[] deliveryMs() {
        return deliveryMs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketDeliveryTrace p && p.name.equals(name) && Arrays.equals(p.deliveryMs, deliveryMs);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(deliveryMs);
    }

    @Override
    public String toString() {
        return "PacketDeliveryTrace[" + name + ", " + packets() + " packets in " + periodMs() + " ms, "
                + String.format("%.3f", meanMbps()) + " Mbps]";
    }
}
