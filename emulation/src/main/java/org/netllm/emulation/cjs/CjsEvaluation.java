package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.errors.InvalidInputException;

/**
 * Every scheduler on every episode, episodes in parallel. Each episode owns its generator, so results do not depend
 * on the thread count; results come back scheduler by scheduler, episodes in the given order.
 */
public final class CjsEvaluation {

    private CjsEvaluation() {
    }

    /**
     * Plays everything.
     *
     * @param recordFirst record executors per job over time in each scheduler's first episode
     * @param progress    called with (done, total) after each episode (from worker threads)
     */
    public static List<EpisodeResult> run(List<CjsScheduler> schedulers, List<CjsEpisode.Setup> episodes,
                                          TpchLibrary library, int threads, OccupancyRecording recordFirst,
                                          BiConsumer<Long, Long> progress) {
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
        long total = (long) schedulers.size() * episodes.size();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cjs-episode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<EpisodeResult>> futures = new ArrayList<>();
            for (CjsScheduler scheduler : schedulers) {
                for (int i = 0; i < episodes.size(); i++) {
                    CjsEpisode.Setup setup = episodes.get(i);
                    boolean record = i == 0 && recordFirst == OccupancyRecording.FIRST_EPISODE;
                    futures.add(pool.submit(() -> {
                        EpisodeResult r = CjsEpisode.play(setup, library, scheduler, record);
                        progress.accept(done.incrementAndGet(), total);
                        return r;
                    }));
                }
            }
            List<EpisodeResult> results = new ArrayList<>(futures.size());
            for (Future<EpisodeResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether to record executors per job over time. */
    public enum OccupancyRecording {
        /** In each scheduler's first episode (for the executors plot). */
        FIRST_EPISODE,
        /** Nowhere. */
        NONE
    }
}
