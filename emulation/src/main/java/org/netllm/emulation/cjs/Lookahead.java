package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsMemory;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.Decima;
import org.netllm.controller.cjs.SchedulerDraws;

/**
 * A look-ahead teacher over Decima ({@code decima+lookahead:k,H,m}): at each decision it takes k candidate actions
 * (stage × executor count: Decima's own sampled action and Decima's most probable others), continues each by sampled
 * Decima in m simulated futures for H decisions (or to the end of the episode), and answers the action whose futures cost the least job time. The m futures are shared by
 * the k candidates (common random numbers: the same world seeds for the durations, the same decision seeds for
 * Decima's draws), so the candidates differ only by their first action. The futures are drawn afresh, never the
 * episode's own: the teacher does not see the durations to come.
 *
 * <p>Cost of a candidate in one future: the job time (ms) accrued from now to the window's end by the jobs active in
 * it, Σ min(done, T) − max(arrival, now), where T is the earliest time any candidate's rollout reached after H
 * decisions (a common window: a candidate whose H decisions span less time is not favoured), or the end of the
 * episode when H is unbounded, where the cost is the remaining part of the jobs' total completion time.
 *
 * <p>Stateless apart from its cost counters, which are threadsafe; one instance serves episodes on several threads.
 */
public final class Lookahead implements PlanningScheduler {

    /** H meaning: continue every rollout to the end of the episode. */
    public static final int TO_THE_END = 0;
    private static final long SALT = 0x4c4f_4f4b_4148_4541L;

    /**
     * The teacher's knobs.
     *
     * @param candidates k, actions compared (at least 1; 1 is sampled Decima itself)
     * @param horizon    H, decisions each rollout runs after the candidate's ({@link #TO_THE_END}: to the end)
     * @param rollouts   m, futures per candidate (shared by the candidates)
     * @param cost       how a future is scored
     */
    public record Settings(int candidates, int horizon, int rollouts, Cost cost) {

        /** The window cost. */
        public Settings(int candidates, int horizon, int rollouts) {
            this(candidates, horizon, rollouts, Cost.WINDOW);
        }

        public Settings {
            if (candidates < 1 || horizon < 0 || rollouts < 1) {
                throw new IllegalArgumentException("lookahead needs k >= 1, H >= 0 (0: to the end), m >= 1; got k="
                        + candidates + ", H=" + horizon + ", m=" + rollouts);
            }
        }
    }

    /**
     * What the teacher spent so far, over every episode it played.
     *
     * @param decisions        decisions answered
     * @param searched         decisions with at least two distinct candidates (the others need no rollout)
     * @param changed          decisions answered with another action than Decima's own sampled one
     * @param rolloutDecisions Decima decisions simulated in rollouts
     * @param nanos            wall time spent deciding (ns, summed over threads)
     */
    public record Spent(long decisions, long searched, long changed, long rolloutDecisions, long nanos) {

        /** Simulated Decima decisions per decision answered. */
        public double rolloutDecisionsPerDecision() {
            return decisions == 0 ? 0 : rolloutDecisions / (double) decisions;
        }

        /** Wall milliseconds per decision answered. */
        public double msPerDecision() {
            return decisions == 0 ? 0 : nanos / 1e6 / decisions;
        }
    }

    /** How one future of a candidate is scored (lower is better). */
    public enum Cost {
        /**
         * The job time accrued in the common window from now to T, the earliest time any candidate's rollout reached
         * (the episode's end with H unbounded).
         */
        WINDOW,
        /**
         * The remaining completion time of the jobs that arrived by T: exact up to the rollout's own end, then a
         * terminal estimate for the jobs still running there, as if the cluster served them shortest remaining work
         * first: a job's estimate is the remaining work (unstarted tasks × the stage's recent duration) of it and of
         * every job with less, divided by the executors.
         */
        REST
    }

    /** One candidate action with Decima's probability of it. */
    record Candidate(CjsAction action, double probability) {
    }

    private final String name;
    private final Decima decima;
    private final Settings settings;
    private final LongAdder decisions = new LongAdder();
    private final LongAdder searched = new LongAdder();
    private final LongAdder changed = new LongAdder();
    private final LongAdder rolloutDecisions = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    /** @param decima sampled Decima: it proposes the candidates and plays the rollouts */
    public Lookahead(String name, Decima decima, Settings settings) {
        this.name = name;
        this.decima = decima;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    public Settings settings() {
        return settings;
    }

    /** The cost counters now. */
    public Spent spent() {
        return new Spent(decisions.sum(), searched.sum(), changed.sum(), rolloutDecisions.sum(), nanos.sum());
    }

    @Override
    public CjsAction plan(CjsEpisode.Run run, CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
        long start = System.nanoTime();
        try {
            List<Candidate> candidates = candidates(observation, decima.decide(observation, draws));
            if (candidates.size() == 1) {
                return candidates.get(0).action();
            }
            searched.increment();
            double[] cost = costs(run, observation, candidates);
            int best = 0;
            for (int c = 1; c < cost.length; c++) {
                if (cost[c] < cost[best]) { // ties go to Decima's own pick, then to the more probable candidate
                    best = c;
                }
            }
            if (best != 0) {
                changed.increment();
            }
            return candidates.get(best).action();
        } finally {
            decisions.increment();
            nanos.add(System.nanoTime() - start);
        }
    }

    /**
     * The k candidates: Decima's own sampled action {@code sampled} first (so that with nothing learned from the
     * futures the teacher is sampled Decima, whose sampling is worth 26 % against its argmax), then Decima's most
     * probable other actions, by the joint probability of a stage and an executor count over the k most probable
     * stages. Counts at or above a stage's unstarted tasks commit the same executors (the simulator clips to the
     * demand), so they are one candidate, the count equal to the tasks.
     */
    List<Candidate> candidates(CjsObservation obs, CjsAction sampled) {
        Decima.Forward f = decima.forward(obs);
        double[] stage = softmax(f.stageScores());
        Integer[] order = new Integer[stage.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -stage[i]));
        Map<Integer, double[]> countsOfJob = new HashMap<>();
        List<Candidate> all = new ArrayList<>();
        for (int r = 0; r < Math.min(settings.candidates(), order.length); r++) {
            int s = order[r];
            int node = obs.schedulable()[s];
            int job = obs.jobOf(node);
            double[] count = countsOfJob.computeIfAbsent(job, j -> softmax(decima.executorScores(obs, f, j)));
            int tasks = obs.remainingTasks()[node];
            double clipped = 0;
            for (int b = 0; b < count.length; b++) {
                if (b + 1 >= tasks) {
                    clipped += count[b];
                } else {
                    all.add(new Candidate(new CjsAction(s, b + 1), stage[s] * count[b]));
                }
            }
            if (tasks <= count.length) {
                all.add(new Candidate(new CjsAction(s, tasks), stage[s] * clipped));
            }
        }
        all.sort(Comparator.comparingDouble((Candidate c) -> -c.probability()));
        int tasks = obs.remainingTasks()[obs.schedulable()[sampled.stage()]];
        CjsAction own = new CjsAction(sampled.stage(), Math.min(sampled.executors(), tasks));
        List<Candidate> out = new ArrayList<>();
        out.add(new Candidate(own, Double.NaN));
        for (Candidate c : all) {
            if (out.size() == settings.candidates()) {
                break;
            }
            if (c.action().equals(own)) {
                out.set(0, c);
            } else {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The seed of future {@code r} at this decision: its world ({@code which} 0) or its decision stream (1). A
     * function of the decision's index and time, so a run is reproducible and the candidates share the futures.
     */
    static long futureSeed(CjsEpisode.Run run, CjsObservation obs, int r, int which) {
        return CounterBasedRandom.hash(SALT ^ Double.doubleToLongBits(run.timeMs()), obs.decision(), r, which);
    }

    /** Mean cost of each candidate over the m shared futures. */
    double[] costs(CjsEpisode.Run run, CjsObservation obs, List<Candidate> candidates) {
        int k = candidates.size();
        double[] total = new double[k];
        double now = run.timeMs();
        for (int r = 0; r < settings.rollouts(); r++) {
            long world = futureSeed(run, obs, r, 0);
            long decisionsSeed = futureSeed(run, obs, r, 1);
            CjsEpisode.Run[] ends = new CjsEpisode.Run[k];
            double window = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                CjsEpisode.Run branch = run.branch(world, decisionsSeed);
                branch.step(candidates.get(c).action());
                continueByDecima(branch);
                ends[c] = branch;
                if (settings.horizon() != TO_THE_END && !branch.done()) {
                    window = Math.min(window, branch.timeMs());
                }
            }
            for (int c = 0; c < k; c++) {
                total[c] += settings.cost() == Cost.WINDOW ? jobTime(run, ends[c], now, window)
                        : remainingTime(run, ends[c], now, window);
            }
        }
        for (int c = 0; c < k; c++) {
            total[c] /= settings.rollouts();
        }
        return total;
    }

    private void continueByDecima(CjsEpisode.Run branch) {
        int limit = settings.horizon() == TO_THE_END ? Integer.MAX_VALUE : settings.horizon();
        int steps = 0;
        while (steps < limit && !branch.done()) {
            CjsObservation o = branch.observe();
            branch.step(decima.decide(o, branch.draws(o)));
            steps++;
        }
        rolloutDecisions.add(steps + 1);
    }

    /**
     * Job time (ms) from {@code now} to {@code window} in {@code end}: jobs not completed at {@code now} that arrived
     * before the window's end, each from max(arrival, now) to min(completion, window).
     */
    private static double jobTime(CjsEpisode.Run before, CjsEpisode.Run end, double now, double window) {
        double sum = 0;
        for (int j = 0; j < end.jobCount(); j++) {
            double done = before.completionMs(j);
            if (done <= now) {
                continue;
            }
            double arrival = end.job(j).arrivalMs();
            if (arrival >= window) {
                break; // jobs arrive in id order
            }
            double completed = Math.min(end.completionMs(j), window);
            sum += completed - Math.max(arrival, now);
        }
        return sum;
    }

    /**
     * {@link Cost#REST}: over the jobs not completed at {@code now} that arrived before {@code window}, the time from
     * max(arrival, now) to their completion in {@code end}, or for those still running there to {@code end}'s time
     * plus their terminal estimate.
     */
    private static double remainingTime(CjsEpisode.Run before, CjsEpisode.Run end, double now, double window) {
        double[] estimate = new double[end.jobCount()];
        if (!end.done()) {
            CjsObservation o = end.observe();
            int jobs = o.jobCount();
            double[] work = new double[jobs];
            Integer[] order = new Integer[jobs];
            for (int p = 0; p < jobs; p++) {
                order[p] = p;
                for (int i = o.jobStart()[p]; i < o.jobStart()[p + 1]; i++) {
                    work[p] += o.remainingTasks()[i] * o.recentDurationMs()[i];
                }
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer p) -> work[p]));
            double ahead = 0;
            for (int p : order) {
                ahead += work[p];
                estimate[o.jobIds()[p]] = ahead / o.executors();
            }
        }
        double at = end.timeMs();
        double sum = 0;
        for (int j = 0; j < end.jobCount(); j++) {
            if (before.completionMs(j) <= now) {
                continue;
            }
            double arrival = end.job(j).arrivalMs();
            if (arrival >= window) {
                break; // jobs arrive in id order
            }
            double done = end.completionMs(j);
            sum += (done <= at ? done : at + estimate[j]) - Math.max(arrival, now);
        }
        return sum;
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
