package org.netllm.cli.load;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples this process's memory while a load run goes on: resident set (the kernel's count, native memory included),
 * heap committed (what the JVM took from the system) and in use, heap live after the last collection (what a leak
 * grows), direct buffers, threads and open files.
 * Server and clients share the process, so these figures are both together.
 */
final class MemorySampler implements AutoCloseable {

    /** One sample; sizes in MiB, {@code NaN} where the platform does not say (RSS and files outside Linux). */
    record Sample(double seconds, double rssMib, double heapCommittedMib, double heapUsedMib, double heapAfterGcMib,
                  double directMib, int threads, double openFiles) {

        static final String HEADER = "seconds,rss_mib,heap_committed_mib,heap_used_mib,heap_after_gc_mib,direct_mib,"
                + "threads,open_files";

        String csv() {
            return String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.0f", seconds, rssMib,
                    heapCommittedMib, heapUsedMib, heapAfterGcMib, directMib, threads, openFiles);
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-sampler");
        t.setDaemon(true);
        return t;
    });
    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.nanoTime();

    private MemorySampler() {
    }

    /** Starts sampling now and every {@code everySeconds}. */
    static MemorySampler every(double everySeconds) {
        MemorySampler sampler = new MemorySampler();
        long periodMs = Math.max(1, Math.round(everySeconds * 1000));
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, periodMs, TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Sample s = new Sample((System.nanoTime() - start) / 1e9, rssMib(), heap.getCommitted() / MIB,
                heap.getUsed() / MIB, heapAfterGcMib(),
                directMib(), ManagementFactory.getThreadMXBean().getThreadCount(), openFiles());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** The samples so far, one last one taken now. */
    List<Sample> samples() {
        sample();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Sum over heap pools of their use right after the last collection that ran on them. */
    private static double heapAfterGcMib() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) {
                bytes += afterGc.getUsed();
            }
        }
        return bytes / MIB;
    }

    private static double directMib() {
        long bytes = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            bytes += pool.getMemoryUsed();
        }
        return bytes / MIB;
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: say so with NaN rather than a made-up figure
        }
        return Double.NaN;
    }

    private static double openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Double.NaN;
        }
    }
}
