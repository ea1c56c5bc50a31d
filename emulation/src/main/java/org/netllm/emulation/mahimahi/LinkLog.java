package org.netllm.emulation.mahimahi;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.emulation.stats.Percentile;
import org.netllm.errors.InvalidInputException;

/**
 * One direction's {@code mm-link} log: packets arriving at the link queue ({@code "T + BYTES"}), delivery
 * opportunities the trace offered ({@code "T # BYTES"}) and packets leaving ({@code "T - BYTES DELAY"}, the
 * delay being the time spent queued). Times are milliseconds since the shell started.
 *
 * @param traceStartEpochMs wall-clock time (epoch ms, from the log's header) at which the link's trace started
 *                          (its "init" plus "base" timestamps); -1 if the header lacks them
 * @param arrivals       packets entering the queue
 * @param opportunities  bytes the link could have sent
 * @param departures     packets sent
 * @param queueDelayMs   queueing delay of each departure, in departure order
 */
public record LinkLog(long traceStartEpochMs, Packets arrivals, Packets opportunities, Packets departures, int[] queueDelayMs) {

    /** Packet events of one kind, in time order. */
    public record Packets(long[] ms, int[] bytes) {

        public long totalBytes() {
            long sum = 0;
            for (int b : bytes) {
                sum += b;
            }
            return sum;
        }

        /** Bytes of events at times in {@code [fromMs, toMs)}. */
        public long bytesBetween(long fromMs, long toMs) {
            long sum = 0;
            for (int i = firstAtOrAfter(ms, fromMs); i < ms.length && ms[i] < toMs; i++) {
                sum += bytes[i];
            }
            return sum;
        }

        public int count() {
            return ms.length;
        }
    }

    /** A value over a time bin starting at {@code startSeconds}. */
    public record Sample(double startSeconds, double value) {
    }

    /** Reads a log; a malformed line is reported with its file and line number. */
    public static LinkLog read(Path file) {
        Builder arrivals = new Builder();
        Builder opportunities = new Builder();
        Builder departures = new Builder();
        int[] delays = new int[1024];
        int lineNo = 0;
        long init = -1;
        long base = -1;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.startsWith("# init timestamp:")) {
                    init = Long.parseLong(line.substring("# init timestamp:".length()).strip());
                } else if (line.startsWith("# base timestamp:")) {
                    base = Long.parseLong(line.substring("# base timestamp:".length()).strip());
                }
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] f = line.split(" ");
                if (f.length < 3 || f[1].length() != 1) {
                    throw malformed(file, lineNo, line);
                }
                long ms = Long.parseLong(f[0]);
                int bytes = Integer.parseInt(f[2]);
                switch (f[1].charAt(0)) {
                    case '+' -> arrivals.add(ms, bytes);
                    case '#' -> opportunities.add(ms, bytes);
                    case '-' -> {
                        if (f.length < 4) {
                            throw malformed(file, lineNo, line);
                        }
                        if (departures.count == delays.length) {
                            delays = Arrays.copyOf(delays, delays.length * 2);
                        }
                        delays[departures.count] = Integer.parseInt(f[3]);
                        departures.add(ms, bytes);
                    }
                    default -> throw malformed(file, lineNo, line);
                }
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ":" + lineNo + ": not a Mahimahi link log line (" + e.getMessage()
                    + ")");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read link log " + file + ": " + e.getMessage(), e);
        }
        long traceStart = init >= 0 && base >= 0 ? init + base : -1;
        return new LinkLog(traceStart, arrivals.build(), opportunities.build(), departures.build(),
                Arrays.copyOf(delays, departures.count));
    }

    /** Time of the last event of any kind. */
    public long endMs() {
        long end = 0;
        for (Packets p : List.of(arrivals, opportunities, departures)) {
            if (p.count() > 0) {
                end = Math.max(end, p.ms()[p.count() - 1]);
            }
        }
        return end;
    }

    /** Measured throughput (bytes sent) in Mbit/s over {@code [fromMs, toMs)}. */
    public double throughputMbps(long fromMs, long toMs) {
        return mbps(departures.bytesBetween(fromMs, toMs), toMs - fromMs);
    }

    /** Link capacity (bytes the trace offered) in Mbit/s over {@code [fromMs, toMs)}. */
    public double capacityMbps(long fromMs, long toMs) {
        return mbps(opportunities.bytesBetween(fromMs, toMs), toMs - fromMs);
    }

    /** Measured throughput per bin of {@code binMs}, from the start to the last event. */
    public List<Sample> throughputOverTime(int binMs) {
        return rateOverTime(departures, binMs);
    }

    /** Link capacity per bin of {@code binMs}. */
    public List<Sample> capacityOverTime(int binMs) {
        return rateOverTime(opportunities, binMs);
    }

    /** Mean queueing delay of the packets leaving in each bin of {@code binMs}; bins with none are left out. */
    public List<Sample> queueingDelayOverTime(int binMs) {
        requirePositive(binMs);
        List<Sample> out = new ArrayList<>();
        long[] ms = departures.ms();
        int i = 0;
        while (i < ms.length) {
            long bin = ms[i] / binMs;
            long sum = 0;
            int n = 0;
            for (; i < ms.length && ms[i] / binMs == bin; i++) {
                sum += queueDelayMs[i];
                n++;
            }
            out.add(new Sample(bin * binMs / 1000.0, (double) sum / n));
        }
        return out;
    }

    /** The {@code q}-quantile (0..1) of the departures' queueing delay ({@link Percentile}'s); 0 when nothing left. */
    public double queueingDelayQuantileMs(double q) {
        if (queueDelayMs.length == 0) {
            return 0.0;
        }
        return Percentile.of(queueDelayMs, q);
    }

    private List<Sample> rateOverTime(Packets packets, int binMs) {
        requirePositive(binMs);
        long end = endMs();
        List<Sample> out = new ArrayList<>();
        for (long from = 0; from <= end; from += binMs) {
            out.add(new Sample(from / 1000.0, mbps(packets.bytesBetween(from, from + binMs), binMs)));
        }
        return out;
    }

    private static double mbps(long bytes, long ms) {
        if (ms <= 0) {
            throw new IllegalArgumentException("a rate needs a positive interval, got " + ms + " ms");
        }
        return bytes * 8.0 / 1000.0 / ms;
    }

    private static void requirePositive(int binMs) {
        if (binMs <= 0) {
            throw new IllegalArgumentException("bin width must be positive, got " + binMs + " ms");
        }
    }

    private static int firstAtOrAfter(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static InvalidInputException malformed(Path file, int lineNo, String line) {
        return new InvalidInputException(file + ":" + lineNo + ": not a Mahimahi link log line: '" + line
                + "' (expected 'MS + BYTES', 'MS # BYTES' or 'MS - BYTES DELAY')");
    }

    private static final class Builder {
        long[] ms = new long[1024];
        int[] bytes = new int[1024];
        int count;

        void add(long t, int b) {
            if (count == ms.length) {
                ms = Arrays.copyOf(ms, count * 2);
                bytes = Arrays.copyOf(bytes, count * 2);
            }
            ms[count] = t;
            bytes[count] = b;
            count++;
        }

        Packets build() {
            return new Packets(Arrays.copyOf(ms, count), Arrays.copyOf(bytes, count));
        }
    }
}
