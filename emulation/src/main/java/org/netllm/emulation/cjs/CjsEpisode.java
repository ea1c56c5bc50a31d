package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * Runs one scheduler over one job sequence in the simulator until every job has completed. Normal mode gives the
 * simulator and the scheduler one generator; deterministic mode gives both the spec's rules.
 */
public final class CjsEpisode {

    /**
     * What to play.
     *
     * @param name       the episode's name (its seed or job file)
     * @param jobs       the jobs, ids 0.. in order
     * @param config     the cluster
     * @param randomness seeded (the generator continues after any job draws: see {@link #generated}) or
     *                   deterministic
     */
    public record Setup(String name, List<JobSpec> jobs, CjsSimulator.Config config, Randomness randomness) {

        public Setup {
            jobs = List.copyOf(jobs);
        }
    }

    /** Observes each decision (for experience collection), after its action was applied. */
    public interface Listener {
        /**
         * @param observation what the scheduler saw
         * @param draws       the draws the scheduler was given (an ε-greedy recorder reads who acted from them)
         * @param action      its answer
         * @param reward      the step's reward: 0 inside a round, else minus the job time (ms) until the next decision
         */
        void onStep(CjsObservation observation, RecordedDraws draws, CjsAction action, double reward);
    }

    private CjsEpisode() {
    }

    /** Passes draws through and remembers the exploration draw, so a listener can tell who acted. */
    public static final class RecordedDraws implements SchedulerDraws {
        private final SchedulerDraws inner;
        private double exploration = Double.NaN;

        RecordedDraws(SchedulerDraws inner) {
            this.inner = inner;
        }

        @Override
        public double stageDraw() {
            return inner.stageDraw();
        }

        @Override
        public double executorDraw() {
            return inner.executorDraw();
        }

        @Override
        public double explorationDraw() {
            exploration = inner.explorationDraw();
            return exploration;
        }

        /** The exploration draw of this decision, or NaN when the scheduler took none. */
        public double exploration() {
            return exploration;
        }
    }

    /**
     * The normal-mode episode of {@code seed}: its generator draws {@code count} jobs first, then continues into the
     * episode's duration and decision draws, so every scheduler sees the same jobs for the same seed.
     */
    public static Setup generated(long seed, int count, CjsSimulator.Config config) {
        return new Setup(Long.toString(seed), JobSequences.generate(new SplittableRandom(seed), count), config,
                new Randomness.Seeded(seed, count));
    }

    /** Plays the episode. */
    public static EpisodeResult play(Setup setup, TpchLibrary library, CjsScheduler scheduler, boolean recordOccupancy) {
        return play(setup, library, scheduler, recordOccupancy ? new OccupancyLog() : null, null);
    }

    /** Plays the episode, reporting every decision to {@code listener} (may be null). */
    public static EpisodeResult play(Setup setup, TpchLibrary library, CjsScheduler scheduler, OccupancyLog occupancy,
                                     Listener listener) {
        List<JobTemplate> templates = new ArrayList<>(setup.jobs().size());
        for (JobSpec j : setup.jobs()) {
            templates.add(library.template(j.query(), j.size()));
        }
        SplittableRandom random = null;
        TaskDraws draws;
        if (setup.randomness() instanceof Randomness.Seeded seeded) {
            random = new SplittableRandom(seeded.seed());
            JobSequences.generate(random, seeded.jobsDrawnFirst()); // one stream: continue after the job draws
            draws = new TaskDraws.Seeded(random);
        } else {
            draws = new TaskDraws.Deterministic();
        }
        CjsSimulator sim = new CjsSimulator(setup.config(), setup.jobs(), templates, draws);
        if (occupancy != null) {
            sim.recordOccupancy(occupancy);
        }
        sim.reset();
        SchedulerDraws randomDraws = random == null ? null : SchedulerDraws.from(random);
        double total = 0;
        while (!sim.done()) {
            CjsObservation obs = sim.observe();
            SchedulerDraws d = randomDraws != null ? randomDraws : SchedulerDraws.deterministic(obs.decision());
            RecordedDraws recorded = listener == null ? null : new RecordedDraws(d);
            CjsAction action = scheduler.decide(obs, recorded != null ? recorded : d);
            double reward = sim.step(action);
            total += reward;
            if (listener != null) {
                listener.onStep(obs, recorded, action, reward);
            }
        }
        List<EpisodeResult.JobOutcome> outcomes = new ArrayList<>(sim.jobCount());
        double sum = 0;
        double last = 0;
        for (int j = 0; j < sim.jobCount(); j++) {
            double done = sim.completion(j);
            outcomes.add(new EpisodeResult.JobOutcome(sim.spec(j), done));
            sum += done - sim.spec(j).arrivalMs();
            last = Math.max(last, done);
        }
        return new EpisodeResult(scheduler.name(), setup.name(), setup.config().executors(), outcomes,
                sum / sim.jobCount() / 1000.0, last / 1000.0, sim.decisions(), total, occupancy);
    }
}
