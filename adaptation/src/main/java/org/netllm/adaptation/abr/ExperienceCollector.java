package org.netllm.adaptation.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrEvaluation.Contender;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/**
 * Fills an experience pool by letting existing policies stream in Pensieve's training environment: each
 * episode picks a random trace and start pointer and multiplies every download delay by U(0.9, 1.1) noise.
 *
 * <p>The contenders may include the offline optimum, which plays the plan it makes for each episode's trace and start
 * without the delay noise.
 *
 * <p>Episode {@code i} is acted by policy {@code i mod P} and draws all its randomness (trace, start, noise, the
 * policy's own exploration) from a generator seeded by {@code (seed, i)} alone, so the pool is identical for any
 * number of threads. This class is threadsafe.
 */
public final class ExperienceCollector {

    /** Called with (episodes done, episodes in all) from the worker threads. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    /** What to collect: policies take turns, episodes are drawn over {@code traces}. */
    public record Plan(List<Contender> policies, List<Trace> traces, Video video, int episodes, long seed) {
        public Plan {
            policies = List.copyOf(policies);
            traces = List.copyOf(traces);
            if (policies.isEmpty() || policies.size() > 255) {
                throw new IllegalArgumentException("between 1 and 255 policies are needed, got " + policies.size());
            }
            if (traces.isEmpty() || traces.size() > 65535) {
                throw new IllegalArgumentException("between 1 and 65535 traces are needed, got " + traces.size());
            }
            if (episodes < 1) {
                throw new IllegalArgumentException("at least one episode is needed, got " + episodes);
            }
        }
    }

    private ExperienceCollector() {
    }

    public static ExperiencePool collect(Plan plan, int threads, Progress progress) {
        return collect(plan, 0, plan.episodes(), threads, progress);
    }

    /**
     * Episodes {@code from} (inclusive) to {@code to} (exclusive) of the plan: a shard of its pool, with the whole
     * pool's header; the episodes are those of the whole collection at the same indexes.
     */
    public static ExperiencePool collect(Plan plan, int from, int to, int threads, Progress progress) {
        int total = to - from;
        Episode[] episodes = new Episode[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, total));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "experience-collector");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        episodes[i] = episode(plan, from + i);
                        progress.update(done.incrementAndGet(), total);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("experience collection was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("experience collection failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<String> policyNames = plan.policies().stream().map(Contender::name).toList();
        List<String> traceNames = plan.traces().stream().map(Trace::name).toList();
        return new ExperiencePool(plan.video(), QoeModel.LINEAR, plan.seed(), policyNames, traceNames,
                List.of(episodes));
    }

    /** Episode {@code index} of the plan, a pure function of (plan, index). */
    public static Episode episode(Plan plan, int index) {
        SplittableRandom rng = new SplittableRandom(episodeSeed(plan.seed(), index));
        int policy = index % plan.policies().size();
        int traceIndex = rng.nextInt(plan.traces().size());
        Trace trace = plan.traces().get(traceIndex);
        int start = 1 + rng.nextInt(trace.length() - 1);
        Contender acting = plan.policies().get(policy);
        long sessionSeed = rng.nextLong();
        AbrController controller = acting.controllerFor(trace, plan.video(), start, sessionSeed);
        AbrSimulator simulator = new AbrSimulator(trace, plan.video(), start, rng.split());
        SessionResult result = AbrSession.play(controller, simulator, plan.video());
        List<ChunkDownload> chunks = result.chunks();
        float[] rewards = new float[chunks.size() - 1];
        for (int k = 1; k < chunks.size(); k++) {
            rewards[k - 1] = (float) SessionResult.chunkReward(chunks, k, plan.video(), QoeModel.LINEAR);
        }
        return new Episode(policy, traceIndex, start, chunks, rewards);
    }

    /** SplitMix64's finaliser over (seed, index): well-spread seeds for neighbouring indices. */
    static long episodeSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
