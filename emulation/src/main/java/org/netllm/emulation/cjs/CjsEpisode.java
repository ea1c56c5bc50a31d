package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * Runs one scheduler over one job sequence in the simulator until every job has completed. One-stream normal mode
 * gives the simulator and the scheduler one generator, split-stream normal mode one stream each (the world and the
 * decisions); deterministic mode gives both the spec's rules.
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

    /**
     * The episode of {@code seed} on split streams: the same jobs as {@link #generated}, then task durations and
     * scheduler draws from two streams of the seed ({@link Randomness.Split#of}), so every scheduler on this seed
     * meets the same duration draws wherever it starts the same task.
     */
    public static Setup generatedSplit(long seed, int count, CjsSimulator.Config config) {
        return new Setup(Long.toString(seed), JobSequences.generate(new SplittableRandom(seed), count), config,
                Randomness.Split.of(seed));
    }

    /**
     * Rollout {@code r} of the normal-mode episode of {@code seed}: the same jobs, with the durations and decisions
     * drawn from a stream of the rollout's own (rollout 0 is {@link #generated} itself), so a scheduler can be played
     * several times on one job sequence.
     */
    public static Setup rollout(long seed, int count, CjsSimulator.Config config, int r) {
        if (r < 0) {
            throw new IllegalArgumentException("rollout must be at least 0, got " + r);
        }
        if (r == 0) {
            return generated(seed, count, config);
        }
        // A stream of its own per rollout: a split of the seed's generator, taken r times, never a neighbour seed.
        SplittableRandom parent = new SplittableRandom(seed);
        long stream = 0;
        for (int i = 0; i < r; i++) {
            stream = parent.split().nextLong();
        }
        return new Setup(Long.toString(seed), JobSequences.generate(new SplittableRandom(seed), count), config,
                new Randomness.Seeded(stream, 0));
    }

    /** Plays the episode. */
    public static EpisodeResult play(Setup setup, TpchLibrary library, CjsScheduler scheduler, boolean recordOccupancy) {
        return play(setup, library, scheduler, recordOccupancy ? new OccupancyLog() : null, null);
    }

    /** Plays the episode, reporting every decision to {@code listener} (may be null). */
    public static EpisodeResult play(Setup setup, TpchLibrary library, CjsScheduler scheduler, OccupancyLog occupancy,
                                     Listener listener) {
        Run run = start(setup, library, occupancy);
        CjsMemory memory = scheduler.start();
        while (!run.done()) {
            CjsObservation obs = run.observe();
            SchedulerDraws d = run.draws(obs);
            RecordedDraws recorded = listener == null ? null : new RecordedDraws(d);
            SchedulerDraws given = recorded != null ? recorded : d;
            CjsAction action = scheduler instanceof PlanningScheduler planner ? planner.plan(run, obs, given, memory)
                    : scheduler.decide(obs, given, memory);
            double reward = run.step(action);
            memory = scheduler.remember(memory, obs, action, reward);
            if (listener != null) {
                listener.onStep(obs, recorded, action, reward);
            }
        }
        return run.result(scheduler.name());
    }

    /** Starts the episode, to be driven decision by decision (a live cluster, a learned scheduler's rollout). */
    public static Run start(Setup setup, TpchLibrary library, OccupancyLog occupancy) {
        List<JobTemplate> templates = new ArrayList<>(setup.jobs().size());
        for (JobSpec j : setup.jobs()) {
            templates.add(library.template(j.query(), j.size()));
        }
        TaskDraws draws;
        Decisions decisions;
        if (setup.randomness() instanceof Randomness.Seeded seeded) {
            SplittableRandom random = new SplittableRandom(seeded.seed());
            JobSequences.generate(random, seeded.jobsDrawnFirst()); // one stream: continue after the job draws
            draws = new TaskDraws.Seeded(random);
            decisions = new Decisions.OneStream(SchedulerDraws.from(random));
        } else if (setup.randomness() instanceof Randomness.Split split) {
            draws = new TaskDraws.Hashed(split.worldSeed());
            decisions = new Decisions.Counter(split.decisionSeed());
        } else {
            draws = new TaskDraws.Deterministic();
            decisions = new Decisions.Rule();
        }
        CjsSimulator sim = new CjsSimulator(setup.config(), setup.jobs(), templates, draws);
        if (occupancy != null) {
            sim.recordOccupancy(occupancy);
        }
        sim.reset();
        return new Run(setup, sim, draws, decisions, occupancy, 0);
    }

    /** Where a run's scheduler draws come from. */
    private sealed interface Decisions {
        SchedulerDraws at(int decision);

        /** The episode's one generator, shared with the task durations. */
        record OneStream(SchedulerDraws shared) implements Decisions {
            @Override
            public SchedulerDraws at(int decision) {
                return shared;
            }
        }

        /** Split streams: hashes of (seed, decision index). */
        record Counter(long seed) implements Decisions {
            @Override
            public SchedulerDraws at(int decision) {
                return new CounterDraws(seed, decision);
            }
        }

        /** Deterministic mode: rule D8. */
        record Rule() implements Decisions {
            @Override
            public SchedulerDraws at(int decision) {
                return SchedulerDraws.deterministic(decision);
            }
        }
    }

    /**
     * One episode in progress: observe the decision due, apply an action, until every job completed. Not threadsafe;
     * in one-stream normal mode the scheduler's draws come from the episode's own stream, so decide in order.
     */
    public static final class Run {
        private final Setup setup;
        private final CjsSimulator sim;
        private final TaskDraws taskDraws;
        private final Decisions decisions;
        private final OccupancyLog occupancy;
        private double total;

        private Run(Setup setup, CjsSimulator sim, TaskDraws taskDraws, Decisions decisions, OccupancyLog occupancy,
                    double total) {
            this.setup = setup;
            this.sim = sim;
            this.taskDraws = taskDraws;
            this.decisions = decisions;
            this.occupancy = occupancy;
            this.total = total;
        }

        /**
         * A copy of the episode at this point that continues exactly as this one would (the same durations, the same
         * scheduler draws); stepping either leaves the other untouched. Occupancy is not recorded in the copy.
         *
         * @throws IllegalStateException on one stream (a {@link Randomness.Seeded} episode), whose generator cannot be
         *                               copied: use {@link Randomness.Split} or deterministic mode, or {@link #branch}
         */
        public Run copy() {
            if (decisions instanceof Decisions.OneStream) {
                throw new IllegalStateException("an episode on one random stream (Randomness.Seeded) cannot be copied:"
                        + " its generator has no copy; play it with split streams (Randomness.Split) or in"
                        + " deterministic mode, or branch it into another world");
            }
            return new Run(setup, sim.copy(taskDraws), taskDraws, decisions, null, total);
        }

        /**
         * A copy of the episode at this point continuing in another future: tasks not yet started draw their durations
         * from the world {@code worldSeed}, decisions from {@code decisionSeed} (split streams, whatever this run's
         * mode). Tasks already running keep the durations they drew. Branches with one world seed share the durations
         * of every task they both start (common random numbers).
         */
        public Run branch(long worldSeed, long decisionSeed) {
            return new Run(setup, sim.copy(new TaskDraws.Hashed(worldSeed)), new TaskDraws.Hashed(worldSeed),
                    new Decisions.Counter(decisionSeed), null, total);
        }

        /** Whether every job has completed. */
        public boolean done() {
            return sim.done();
        }

        /** The cluster at the decision now due. */
        public CjsObservation observe() {
            return sim.observe();
        }

        /**
         * The draws a stochastic scheduler uses for this decision: the episode's one stream, the decision stream of
         * split streams, or rule D8.
         */
        public SchedulerDraws draws(CjsObservation observation) {
            return decisions.at(observation.decision());
        }

        /** Applies {@code action}; returns the step's reward (see the simulator). */
        public double step(CjsAction action) {
            double reward = sim.step(action);
            total += reward;
            return reward;
        }

        /** Decisions taken so far. */
        public int decisions() {
            return sim.decisions();
        }

        /** The reward sum so far (minus the job time accrued, ms, counted as the steps' rewards count it). */
        public double returnMs() {
            return total;
        }

        /** Simulated time now, in ms. */
        public double timeMs() {
            return sim.wallTime();
        }

        /** Jobs in the episode. */
        public int jobCount() {
            return sim.jobCount();
        }

        /** The job at {@code index}. */
        public JobSpec job(int index) {
            return sim.spec(index);
        }

        /** When job {@code index} completed, in ms (or a negative number or NaN while it runs, as the simulator keeps it). */
        public double completionMs(int index) {
            return sim.completion(index);
        }

        /** The finished episode's result, under the scheduler's name. */
        public EpisodeResult result(String scheduler) {
            List<EpisodeResult.JobOutcome> outcomes = new ArrayList<>(sim.jobCount());
            double sum = 0;
            double last = 0;
            for (int j = 0; j < sim.jobCount(); j++) {
                double done = sim.completion(j);
                outcomes.add(new EpisodeResult.JobOutcome(sim.spec(j), done));
                sum += done - sim.spec(j).arrivalMs();
                last = Math.max(last, done);
            }
            return new EpisodeResult(scheduler, setup.name(), setup.config().executors(), outcomes,
                    sum / sim.jobCount() / 1000.0, last / 1000.0, sim.decisions(), total, occupancy);
        }
    }
}
