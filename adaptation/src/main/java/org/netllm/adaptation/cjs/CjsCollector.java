package org.netllm.adaptation.cjs;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.EpsilonGreedy;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.JobSpec;
import org.netllm.emulation.cjs.JobTemplate;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.adaptation.PoolShards;
import org.netllm.errors.InvalidInputException;

/**
 * Collects a CJS experience pool in normal mode over training seeds only: episode i plays seed {@code seed + i}
 * with scheduler {@code i mod K}. With R rollouts per episode the scheduler plays the seed's jobs R times (other
 * duration and decision draws) and only the rollout with the lowest average JCT is written: filtered behaviour, a
 * pool better than its policy's average. Episodes run in parallel (an episode's rollouts one after another) and are
 * written in order, so the file is a function of the arguments, not of the thread count, and only a few episodes per
 * thread are held in memory at a time.
 */
public final class CjsCollector {

    /**
     * What to collect.
     *
     * @param schedulers the behaviour policies, taking turns over the episodes
     * @param executors  N
     * @param jobs       jobs per episode
     * @param episodes   episodes in all
     * @param seed       the first episode's seed (every seed used must be a training seed)
     * @param rollouts   plays per episode, the best written (1: the seed's episode as it comes)
     */
    public record Settings(List<CjsScheduler> schedulers, int executors, int jobs, int episodes, long seed,
                           int rollouts) {

        /** One rollout per episode. */
        public Settings(List<CjsScheduler> schedulers, int executors, int jobs, int episodes, long seed) {
            this(schedulers, executors, jobs, episodes, seed, 1);
        }
    }

    /**
     * What was collected.
     *
     * @param episodes     episodes written
     * @param steps        decisions written
     * @param meanAvgJctS  per scheduler name, the mean of its written episodes' average JCT
     * @param meanRolloutAvgJctS per scheduler name, the mean over all its rollouts (equal to the former with one)
     */
    public record Summary(int episodes, long steps, Map<String, Double> meanAvgJctS,
                          Map<String, Double> meanRolloutAvgJctS, Stopped stopped) {
    }

    /** A collection stopped early: why, and how many of its shards are finished (kept for a resume). */
    public record Stopped(String because, int shardsDone, int shards) {
    }

    private CjsCollector() {
    }

    public static Summary collect(Settings s, TpchLibrary library, int threads, Path out,
                                  BiConsumer<Long, Long> progress) {
        return collect(s, library, threads, out, PoolShards.defaultShardSize(s.episodes()), false, () -> null,
                progress);
    }

    /**
     * Collects into {@code out} shard by shard ({@link PoolShards}): each shard's episodes are written into its own
     * pool file as they finish, so an interrupted collection goes on ({@code resume}) from its finished shards; the
     * pool is then merged from the shards, with the same bytes as an unbroken collection. A resumed collection's
     * summary of rollouts counts the rollouts of this sitting only (a shard keeps the best of each episode's).
     *
     * @param stop asked after each shard; a reason stops the collection there (its summary says so, no pool is merged)
     */
    public static Summary collect(Settings s, TpchLibrary library, int threads, Path out, int shardSize,
                                  boolean resume, java.util.function.Supplier<String> stop,
                                  BiConsumer<Long, Long> progress) {
        if (s.episodes() < 1) {
            throw new InvalidInputException("--episodes must be at least 1, got " + s.episodes());
        }
        if (s.jobs() < 1) {
            // an episode without jobs has no decision: the pool would be empty and its JCTs NaN
            throw new InvalidInputException("--jobs must be at least 1, got " + s.jobs());
        }
        if (s.executors() < 1) {
            throw new InvalidInputException("--executors must be at least 1, got " + s.executors());
        }
        if (s.schedulers().isEmpty() || s.schedulers().size() > 255) {
            throw new InvalidInputException("--schedulers must name 1 to 255 schedulers");
        }
        if (!CjsSeeds.isTraining(s.seed()) || !CjsSeeds.isTraining(s.seed() + s.episodes() - 1)) {
            throw new InvalidInputException("--seed " + s.seed() + " with --episodes " + s.episodes() + " uses seeds "
                    + s.seed() + ".." + (s.seed() + s.episodes() - 1) + "; experience comes from training seeds only ("
                    + CjsSeeds.TRAINING_FIRST + ".." + (CjsSeeds.TRAINING_FIRST + CjsSeeds.TRAINING_COUNT - 1) + ")");
        }
        if (threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + threads);
        }
        if (s.rollouts() < 1) {
            throw new InvalidInputException("--rollouts must be at least 1, got " + s.rollouts());
        }
        CjsSimulator.Config config = CjsSimulator.Config.of(s.executors());
        List<CjsEpisode.Setup> setups = new ArrayList<>();
        Map<String, Integer> templateIndex = new LinkedHashMap<>();
        List<CjsExperiencePool.Template> templates = new ArrayList<>();
        for (int i = 0; i < s.episodes(); i++) {
            CjsEpisode.Setup setup = CjsEpisode.generated(s.seed() + i, s.jobs(), config);
            setups.add(setup);
            for (JobSpec j : setup.jobs()) {
                templateIndex.computeIfAbsent(j.query() + "/" + j.size(), k -> {
                    JobTemplate t = library.template(j.query(), j.size());
                    templates.add(new CjsExperiencePool.Template(j.query(), j.size(), t.parents()));
                    return templates.size() - 1;
                });
            }
        }
        // The pool names who acted; a filtered pool's behaviour is the best of R plays, not the scheduler itself.
        List<String> names = s.schedulers().stream()
                .map(c -> s.rollouts() == 1 ? c.name() : c.name() + "@best-of-" + s.rollouts()).toList();
        if (shardSize < 1) {
            throw new InvalidInputException("--shard-size must be at least 1, got " + shardSize);
        }
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("schedulers", String.join(",", names));
        fingerprint.put("executors", Integer.toString(s.executors()));
        fingerprint.put("jobs", Integer.toString(s.jobs()));
        fingerprint.put("seed", Long.toString(s.seed()));
        PoolShards shards = PoolShards.open(out, fingerprint, s.episodes(), shardSize, resume, "netllm cjs collect");
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cjs-collect");
            t.setDaemon(true);
            return t;
        });
        AtomicLong done = new AtomicLong();
        long steps = 0;
        long plays = (long) s.episodes() * s.rollouts();
        Map<String, double[]> jct = new LinkedHashMap<>();
        Map<String, double[]> rolloutJct = new LinkedHashMap<>();
        try {
            for (int k = 0; k < shards.count(); k++) {
                String why = k > 0 ? stop.get() : null;
                if (why != null) {
                    return new Summary(shards.from(k), steps, means(jct), means(rolloutJct),
                            new Stopped(why, k, shards.count()));
                }
                List<CjsExperiencePool.Episode> kept = shards.finished(k) ? finishedShard(shards.file(k)) : null;
                if (kept != null) {
                    for (CjsExperiencePool.Episode e : kept) {
                        steps += e.steps().size();
                        add(jct, names.get(e.scheduler()), e.avgJctS());
                    }
                    progress.accept(done.addAndGet((long) kept.size() * s.rollouts()), plays);
                    continue;
                }
                try (CjsPoolFile.Writer writer = new CjsPoolFile.Writer(shards.file(k), s.seed(), s.executors(),
                        s.jobs(), names, templates)) {
                    // At most a few episodes per thread are in flight, and each keeps only its best rollout so far,
                    // so a pool of any size is written in the memory of a few episodes.
                    int inFlight = 2 * threads;
                    Deque<Future<Played>> queue = new ArrayDeque<>();
                    int submitted = shards.from(k);
                    int end = shards.to(k);
                    while (submitted < end || !queue.isEmpty()) {
                        while (submitted < end && queue.size() < inFlight) {
                            int i = submitted++;
                            int which = i % s.schedulers().size();
                            queue.add(pool.submit(() -> {
                                Played played = null;
                                for (int r = 0; r < s.rollouts(); r++) {
                                    CjsEpisode.Setup setup = r == 0 ? setups.get(i)
                                            : CjsEpisode.rollout(s.seed() + i, s.jobs(), config, r);
                                    CjsExperiencePool.Episode e = play(setup, which, s.schedulers().get(which),
                                            library, templateIndex);
                                    played = played == null ? new Played(e, List.of(e.avgJctS())) : played.and(e);
                                    progress.accept(done.incrementAndGet(), plays);
                                }
                                return played;
                            }));
                        }
                        Played played = queue.poll().get();
                        CjsExperiencePool.Episode best = played.best();
                        for (double r : played.rolloutJcts()) {
                            add(rolloutJct, names.get(best.scheduler()), r);
                        }
                        writer.append(best);
                        steps += best.steps().size();
                        add(jct, names.get(best.scheduler()), best.avgJctS());
                    }
                }
            }
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
        try (CjsPoolFile.Writer writer = new CjsPoolFile.Writer(out, s.seed(), s.executors(), s.jobs(), names,
                templates)) {
            for (int k = 0; k < shards.count(); k++) {
                CjsPoolFile.stream(shards.file(k), writer::append);
            }
        }
        shards.delete();
        if (rolloutJct.isEmpty()) {
            rolloutJct = jct; // every shard was finished before: only the written episodes are known
        }
        return new Summary(s.episodes(), steps, means(jct), means(rolloutJct), null);
    }

    /** A shard finished by an earlier sitting, or null when it is damaged and must be collected again. */
    private static List<CjsExperiencePool.Episode> finishedShard(Path file) {
        try {
            return CjsPoolFile.read(file).episodes();
        } catch (InvalidInputException damaged) {
            return null;
        }
    }

    /** An episode's rollouts so far: the lowest-JCT one (the first of equals), and every rollout's average JCT. */
    private record Played(CjsExperiencePool.Episode best, List<Double> rolloutJcts) {

        Played and(CjsExperiencePool.Episode next) {
            List<Double> jcts = new ArrayList<>(rolloutJcts);
            jcts.add(next.avgJctS());
            return new Played(next.avgJctS() < best.avgJctS() ? next : best, jcts);
        }
    }

    private static void add(Map<String, double[]> sums, String name, double value) {
        double[] acc = sums.computeIfAbsent(name, n -> new double[2]);
        acc[0] += value;
        acc[1]++;
    }

    private static Map<String, Double> means(Map<String, double[]> sums) {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((n, acc) -> means.put(n, acc[0] / acc[1]));
        return means;
    }

    private static CjsExperiencePool.Episode play(CjsEpisode.Setup setup, int schedulerIndex, CjsScheduler scheduler,
                                                  TpchLibrary library, Map<String, Integer> templateIndex) {
        List<CjsExperiencePool.Step> steps = new ArrayList<>();
        EpsilonGreedy explorer = scheduler instanceof EpsilonGreedy eg ? eg : null;
        EpisodeResult r = CjsEpisode.play(setup, library, scheduler, null, (obs, draws, action, reward) ->
                steps.add(new CjsExperiencePool.Step(obs, action,
                        explorer != null && explorer.explores(draws.exploration()), reward)));
        List<CjsExperiencePool.Job> jobs = setup.jobs().stream()
                .map(j -> new CjsExperiencePool.Job(templateIndex.get(j.query() + "/" + j.size()), j.arrivalMs()))
                .toList();
        return new CjsExperiencePool.Episode(Long.parseLong(setup.name()), schedulerIndex, jobs, steps, r.avgJctS());
    }
}
