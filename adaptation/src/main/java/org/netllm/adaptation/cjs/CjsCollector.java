package org.netllm.adaptation.cjs;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.netllm.errors.InvalidInputException;

/**
 * Collects a CJS experience pool in normal mode over training seeds only: episode i plays seed {@code seed + i}
 * with scheduler {@code i mod K}. Episodes run in parallel and are written in order, so the file is a function of
 * the arguments, not of the thread count.
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
     */
    public record Settings(List<CjsScheduler> schedulers, int executors, int jobs, int episodes, long seed) {
    }

    /**
     * What was collected.
     *
     * @param episodes     episodes written
     * @param steps        decisions written
     * @param meanAvgJctS  per scheduler name, the mean of its episodes' average JCT
     */
    public record Summary(int episodes, long steps, Map<String, Double> meanAvgJctS) {
    }

    private CjsCollector() {
    }

    public static Summary collect(Settings s, TpchLibrary library, int threads, Path out,
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
        List<String> names = s.schedulers().stream().map(CjsScheduler::name).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cjs-collect");
            t.setDaemon(true);
            return t;
        });
        AtomicLong done = new AtomicLong();
        long steps = 0;
        Map<String, double[]> jct = new LinkedHashMap<>();
        try (CjsPoolFile.Writer writer = new CjsPoolFile.Writer(out, s.seed(), s.executors(), s.jobs(), names,
                templates)) {
            List<Future<CjsExperiencePool.Episode>> futures = new ArrayList<>();
            for (int i = 0; i < s.episodes(); i++) {
                CjsEpisode.Setup setup = setups.get(i);
                int k = i % s.schedulers().size();
                futures.add(pool.submit(() -> {
                    CjsExperiencePool.Episode e = play(setup, k, s.schedulers().get(k), library, templateIndex);
                    progress.accept(done.incrementAndGet(), (long) s.episodes());
                    return e;
                }));
            }
            for (Future<CjsExperiencePool.Episode> f : futures) {
                CjsExperiencePool.Episode e = f.get();
                writer.append(e);
                steps += e.steps().size();
                double[] acc = jct.computeIfAbsent(names.get(e.scheduler()), n -> new double[2]);
                acc[0] += e.avgJctS();
                acc[1]++;
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
        Map<String, Double> means = new LinkedHashMap<>();
        jct.forEach((n, acc) -> means.put(n, acc[0] / acc[1]));
        return new Summary(s.episodes(), steps, means);
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
