package org.netllm.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per kind of client mistake per window, never a stack trace: a client that repeats a mistake
 * thousands of times costs a line and a count ("N more since"), not megabytes of log. This class is threadsafe.
 */
public final class ClientErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger(ClientErrorLog.class);
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Window(long startNanos, long suppressed) {
    }

    private final Consumer<String> sink;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    ClientErrorLog(Consumer<String> sink, LongSupplier clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Logs to this class's SLF4J logger at INFO. */
    static ClientErrorLog toSlf4j() {
        return new ClientErrorLog(LOG::info, System::nanoTime);
    }

    /** Records a client mistake of {@code kind}; logs it if no line of that kind was written in the last window. */
    void mistake(String kind, String detail) {
        long now = clock.getAsLong();
        long[] report = {-1};
        // Bounded: kinds are a handful of literals from this package, not client input.
        windows.compute(kind, (k, window) -> {
            if (window == null || now - window.startNanos() >= WINDOW_NANOS) {
                report[0] = window == null ? 0 : window.suppressed();
                return new Window(now, 0);
            }
            return new Window(window.startNanos(), window.suppressed() + 1);
        });
        if (report[0] >= 0) {
            sink.accept("client mistake [" + kind + "]: " + oneLine(detail)
                    + (report[0] > 0 ? " (and " + report[0] + " more like it in the previous 10 s)" : ""));
        }
    }

    private static String oneLine(String detail) {
        String flat = detail.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
