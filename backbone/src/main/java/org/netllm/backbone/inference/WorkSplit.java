package org.netllm.backbone.inference;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one operation on up to {@link #threads()} threads: the caller's own and {@code threads − 1}
 * daemon workers. With one thread it runs everything on the caller. This class is threadsafe.
 */
public final class WorkSplit implements AutoCloseable {

    /** Everything on the caller's thread; shared, it holds no threads. */
    static final WorkSplit CALLER = new WorkSplit(1);

    private final int threads;
    private final ExecutorService workers;

    private WorkSplit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
            Thread thread = new Thread(task, "compiled-forward");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A split over {@code threads} threads, the caller included. */
    public static WorkSplit of(int threads) {
        return new WorkSplit(threads);
    }

    /** Everything on the caller's thread. */
    public static WorkSplit callerOnly() {
        return new WorkSplit(1);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code part} for 0 … parts−1, part 0 on the caller; returns when all are done. */
    void run(int parts, IntConsumer part) {
        if (workers == null || parts == 1) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int index = i;
            futures[i - 1] = workers.submit(() -> part.accept(index));
        }
        part.accept(0);
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a forward pass's workers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a forward pass's worker failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
