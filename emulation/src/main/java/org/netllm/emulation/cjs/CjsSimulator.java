package org.netllm.emulation.cjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.controller.cjs.CjsAction;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.JobTime;

/**
 * NetLLM's Spark scheduling simulator ({@code spark_sched_sim}'s {@code SparkSchedSimEnv}, see
 * {@code ../shared/specs/cjs-simulator.md}): jobs arrive, executors sit in pools (the common pool, a job's pool, a
 * stage's pool), a scheduling round commits the free executors of one source pool to schedulable stages, and events
 * (job arrival, executor arrival after the moving delay, task completion) advance the clock. Pure: no I/O, no clock;
 * every random draw goes through {@link TaskDraws}. One instance runs one episode; not threadsafe.
 *
 * <p>Pools are ints: {@link #COMMON} (0), job j's pool {@code 1 + j}, stage g's pool {@code 1 + J + g} where g is
 * the stage's global index; {@link #NO_POOL} is the placeholder source between rounds. Commitments from each pool
 * are an insertion-ordered map, as NetLLM's dicts are; no hash order is used where order matters.
 */
public final class CjsSimulator {

    /**
     * The cluster.
     *
     * @param executors     N
     * @param movingDelayMs time an executor takes to move to another job (2,000 ms)
     * @param warmupDelayMs added to a first-wave duration when an idle executor has no fresh duration (1,000 ms)
     */
    public record Config(int executors, double movingDelayMs, double warmupDelayMs) {

        /** NetLLM's delays with {@code executors} executors. */
        public static Config of(int executors) {
            return new Config(executors, 2000, 1000);
        }

        public Config {
            if (executors < 1) {
                throw new IllegalArgumentException("executors must be at least 1, got " + executors);
            }
        }
    }

    static final int NO_POOL = -1;
    static final int COMMON = 0;
    private static final int JOB_ARRIVAL = 0;
    private static final int EXECUTOR_ARRIVAL = 1;
    private static final int TASK_COMPLETION = 2;
    private static final int NONE = -1;

    private final Config config;
    private final int n;
    private final List<JobSpec> specs;
    private final JobTemplate[] templates;
    private final TaskDraws draws;
    private final int jobCount;
    private final int[] stageBase;
    private final int stageCount;

    // Stages, by global index g = stageBase[job] + stage id.
    private final int[] stageJob;
    private final int[] remaining;
    private final int[] completedTasks;
    private final double[] recentDuration;
    private final boolean[] stageDone;
    private final boolean[] frontier;
    private final boolean[] selected;
    private final int[] movingToStage;
    private final List<Integer> selectedList = new ArrayList<>();

    // Jobs.
    private final double[] completion;
    private final int[] activeStageCount;
    private final int[] saturatedCount;
    private final int[] localCount;
    private final int[] supply;
    private int[] activeJobs = new int[16]; // in arrival order
    private int activeCount;
    private int completedJobs;

    // Pools.
    private final int[] poolSize;
    private final int[] commitmentsFrom;
    private final int[] commitmentsTo;
    private final LinkedHashMap<Integer, Integer>[] commitments;
    private int source = COMMON;

    // Executors.
    private final int[] location;
    private final int[] execJob;
    private final int[] execTask;
    private final boolean[] executing;

    private final EventQueue timeline;
    private double wallTime;
    private int[] schedulableList = new int[0];
    private int schedulableSize;
    private int decisions;
    private final int[] nodeOf;
    private final int[] nodeStamp;
    private int stamp;
    private OccupancyLog occupancy;
    private final JobTime.Jobs jobs = new JobTime.Jobs() {
        @Override
        public double arrivalMs(int job) {
            return specs.get(job).arrivalMs();
        }

        @Override
        public double completionMs(int job) {
            return completion[job];
        }
    };

    /**
     * An episode over {@code jobs} (ids 0.. in order), {@code templates.get(i)} being job i's DAG.
     *
     * @param draws the episode's task draws (deterministic rules or its generator)
     */
    CjsSimulator(Config config, List<JobSpec> jobs, List<JobTemplate> templates, TaskDraws draws) {
        this.config = config;
        this.n = config.executors();
        this.specs = List.copyOf(jobs);
        this.templates = templates.toArray(new JobTemplate[0]);
        this.draws = draws;
        this.jobCount = jobs.size();
        this.stageBase = new int[jobCount + 1];
        for (int j = 0; j < jobCount; j++) {
            if (jobs.get(j).id() != j) {
                throw new IllegalArgumentException("job " + j + " has id " + jobs.get(j).id());
            }
            stageBase[j + 1] = stageBase[j] + this.templates[j].stageCount();
        }
        this.stageCount = stageBase[jobCount];
        stageJob = new int[stageCount];
        remaining = new int[stageCount];
        completedTasks = new int[stageCount];
        recentDuration = new double[stageCount];
        stageDone = new boolean[stageCount];
        frontier = new boolean[stageCount];
        selected = new boolean[stageCount];
        movingToStage = new int[stageCount];
        nodeOf = new int[stageCount];
        nodeStamp = new int[stageCount];
        completion = new double[jobCount];
        activeStageCount = new int[jobCount];
        saturatedCount = new int[jobCount];
        localCount = new int[jobCount];
        supply = new int[jobCount];
        int pools = 1 + jobCount + stageCount;
        poolSize = new int[pools];
        @SuppressWarnings("unchecked")
        LinkedHashMap<Integer, Integer>[] byPool = new LinkedHashMap[pools];
        commitments = byPool;
        commitmentsFrom = new int[pools];
        commitmentsTo = new int[pools];
        location = new int[n];
        execJob = new int[n];
        execTask = new int[n];
        executing = new boolean[n];
        for (int j = 0; j < jobCount; j++) {
            JobTemplate t = this.templates[j];
            completion[j] = Double.POSITIVE_INFINITY;
            activeStageCount[j] = t.stageCount();
            for (int s = 0; s < t.stageCount(); s++) {
                int g = stageBase[j] + s;
                stageJob[g] = j;
                remaining[g] = t.stages()[s].tasks();
                recentDuration[g] = t.stages()[s].initialDurationMs();
                frontier[g] = t.parents()[s].length == 0;
            }
        }
        timeline = new EventQueue();
        Arrays.fill(location, COMMON);
        Arrays.fill(execJob, NONE);
        Arrays.fill(execTask, NONE);
        poolSize[COMMON] = n;
    }

    /** A copy of {@code o}'s whole state whose future task draws come from {@code draws}; records no occupancy. */
    private CjsSimulator(CjsSimulator o, TaskDraws draws) {
        // The episode's definition is immutable and shared; everything an event or a decision changes is copied.
        config = o.config;
        n = o.n;
        specs = o.specs;
        templates = o.templates;
        this.draws = draws;
        jobCount = o.jobCount;
        stageBase = o.stageBase;
        stageCount = o.stageCount;
        stageJob = o.stageJob;
        remaining = o.remaining.clone();
        completedTasks = o.completedTasks.clone();
        recentDuration = o.recentDuration.clone();
        stageDone = o.stageDone.clone();
        frontier = o.frontier.clone();
        selected = o.selected.clone();
        movingToStage = o.movingToStage.clone();
        selectedList.addAll(o.selectedList);
        completion = o.completion.clone();
        activeStageCount = o.activeStageCount.clone();
        saturatedCount = o.saturatedCount.clone();
        localCount = o.localCount.clone();
        supply = o.supply.clone();
        activeJobs = o.activeJobs.clone();
        activeCount = o.activeCount;
        completedJobs = o.completedJobs;
        poolSize = o.poolSize.clone();
        commitmentsFrom = o.commitmentsFrom.clone();
        commitmentsTo = o.commitmentsTo.clone();
        @SuppressWarnings("unchecked")
        LinkedHashMap<Integer, Integer>[] byPool = new LinkedHashMap[o.commitments.length];
        for (int p = 0; p < byPool.length; p++) {
            if (o.commitments[p] != null) {
                byPool[p] = new LinkedHashMap<>(o.commitments[p]); // keeps the insertion order
            }
        }
        commitments = byPool;
        source = o.source;
        location = o.location.clone();
        execJob = o.execJob.clone();
        execTask = o.execTask.clone();
        executing = o.executing.clone();
        timeline = o.timeline.copy();
        wallTime = o.wallTime;
        schedulableList = o.schedulableList.clone();
        schedulableSize = o.schedulableSize;
        decisions = o.decisions;
        nodeOf = new int[stageCount]; // scratch of observe(), rewritten before each use
        nodeStamp = new int[stageCount];
        stamp = o.stamp;
    }

    /**
     * A copy of the whole state, continuing on its own: stepping either never changes the other. The copy's future
     * tasks draw from {@code draws} (the original's, for an identical continuation, or another world's).
     */
    CjsSimulator copy(TaskDraws draws) {
        return new CjsSimulator(this, draws);
    }

    /** Records executors per job over time (for the executors plot); call before {@link #reset()}. */
    void recordOccupancy(OccupancyLog log) {
        this.occupancy = log;
    }

    /**
     * Puts every arrival on the timeline, runs the arrivals at t ≤ 0 and, if no decision is due then (a job file
     * whose first job arrives later), runs events until one is.
     */
    void reset() {
        for (int j = 0; j < jobCount; j++) {
            timeline.push(specs.get(j).arrivalMs(), JOB_ARRIVAL, j, 0);
        }
        while (!timeline.isEmpty() && timeline.peekTime() <= 0) {
            timeline.pop();
            handleJobArrival(timeline.poppedA);
        }
        setSchedulable(findSchedulable(activeJobs, activeCount, sourceJob()));
        if (!done() && (committable() == 0 || schedulableSize == 0)) {
            endRound();
            resume();
        }
    }

    /** Whether every job has completed. */
    boolean done() {
        return completedJobs == jobCount;
    }

    double wallTime() {
        return wallTime;
    }

    int decisions() {
        return decisions;
    }

    /**
     * Applies one decision. Returns the step's reward: 0 while the round goes on, else minus the job time (ms) of
     * the simulated stretch until the next decision (jobs active at its start or end, kept quirk Q9).
     */
    double step(CjsAction action) {
        int committable = committable();
        if (action.stage() < CjsAction.NONE || action.stage() >= schedulableSize) {
            throw new IllegalArgumentException("stage position " + action.stage() + " outside -1.."
                    + (schedulableSize - 1));
        }
        if (action.stage() != CjsAction.NONE && (action.executors() < 1 || action.executors() > committable)) {
            throw new IllegalArgumentException("executors " + action.executors() + " outside 1.." + committable);
        }
        decisions++;
        takeAction(action);
        if (committable() > 0 && schedulableSize > 0) {
            return 0;
        }
        endRound();
        double t0 = wallTime;
        int[] active0 = Arrays.copyOf(activeJobs, activeCount);
        resume();
        return -jobTime(t0, active0);
    }

    // ---- decisions

    private void takeAction(CjsAction action) {
        if (action.stage() == CjsAction.NONE) {
            commitRemaining();
            return;
        }
        int g = schedulableList[action.stage()];
        int count = Math.min(action.executors(), demand(g));
        addCommitment(count, stagePool(g));
        selected[g] = true;
        selectedList.add(g);
        int job = stageJob[g];
        // Only the chosen job's block of the list is recomputed, in place.
        int from = 0;
        while (from < schedulableSize && stageJob[schedulableList[from]] < job) {
            from++;
        }
        int to = from;
        while (to < schedulableSize && stageJob[schedulableList[to]] == job) {
            to++;
        }
        int[] block = findSchedulable(new int[] {job}, 1, sourceJob());
        int[] next = new int[schedulableSize - (to - from) + block.length];
        System.arraycopy(schedulableList, 0, next, 0, from);
        System.arraycopy(block, 0, next, from, block.length);
        System.arraycopy(schedulableList, to, next, from + block.length, schedulableSize - to);
        setSchedulable(next);
    }

    private void endRound() {
        commitRemaining();
        fulfillCommitmentsFromSource();
        source = NO_POOL;
        for (int g : selectedList) {
            selected[g] = false;
        }
        selectedList.clear();
    }

    private void commitRemaining() {
        int left = committable();
        if (left > 0) {
            addCommitment(left, COMMON);
        }
    }

    private void resume() {
        int[] found = new int[0];
        while (!timeline.isEmpty()) {
            timeline.pop();
            wallTime = timeline.poppedTime;
            switch (timeline.poppedKind) {
                case JOB_ARRIVAL -> handleJobArrival(timeline.poppedA);
                case EXECUTOR_ARRIVAL -> handleExecutorArrival(timeline.poppedA, timeline.poppedB);
                default -> handleTaskCompletion(timeline.poppedA, timeline.poppedB);
            }
            if (committable() == 0) {
                continue;
            }
            found = findSchedulable(activeJobs, activeCount, sourceJob());
            if (found.length > 0) {
                break;
            }
            moveIdleExecutors(source, null);
            source = NO_POOL;
        }
        setSchedulable(found);
    }

    private void setSchedulable(int[] list) {
        schedulableList = list;
        schedulableSize = list.length;
    }

    private double jobTime(double t0, int[] active0) {
        return JobTime.accrued(t0, wallTime, active0, Arrays.copyOf(activeJobs, activeCount), jobs);
    }

    // ---- events

    private void handleJobArrival(int job) {
        if (activeCount == activeJobs.length) {
            activeJobs = Arrays.copyOf(activeJobs, activeCount * 2);
        }
        activeJobs[activeCount++] = job;
        if (poolSize[COMMON] > 0) {
            source = COMMON;
        }
    }

    private void handleExecutorArrival(int e, int g) {
        int job = stageJob[g];
        addLocalExecutor(e, job);
        movingToStage[g]--;
        moveToPool(e, jobPool(job));
        moveExecutorToStage(e, g);
    }

    private void handleTaskCompletion(int g, int e) {
        int job = stageJob[g];
        completedTasks[g]++;
        executing[e] = false;
        if (remaining[g] > 0) {
            executeNextTask(e, g);
            return;
        }
        boolean frontierChanged = false;
        if (completedTasks[g] == templates[job].stages()[g - stageBase[job]].tasks()) {
            frontierChanged = completeStage(g);
        }
        if (activeStageCount[job] == 0) {
            completeJob(job);
        }
        boolean hadCommitment = handleReleasedExecutor(e, g, frontierChanged);
        if (frontierChanged) {
            source = jobPool(job);
        } else if (!hadCommitment) {
            source = stagePool(g);
        }
    }

    /** Marks a stage completed; returns whether children joined the frontier. */
    private boolean completeStage(int g) {
        int job = stageJob[g];
        JobTemplate t = templates[job];
        int s = g - stageBase[job];
        stageDone[g] = true;
        activeStageCount[job]--;
        frontier[g] = false;
        boolean added = false;
        for (int c : t.children()[s]) {
            int gc = stageBase[job] + c;
            if (stageDone[gc]) {
                continue;
            }
            boolean ready = true;
            for (int p : t.parents()[c]) {
                if (!stageDone[stageBase[job] + p]) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                frontier[gc] = true;
                added = true;
            }
        }
        return added;
    }

    private void completeJob(int job) {
        if (poolSize[jobPool(job)] > 0) {
            moveIdleExecutors(jobPool(job), null);
        }
        int at = 0;
        while (activeJobs[at] != job) {
            at++;
        }
        System.arraycopy(activeJobs, at + 1, activeJobs, at, activeCount - at - 1);
        activeCount--;
        completedJobs++;
        completion[job] = wallTime;
    }

    private boolean handleReleasedExecutor(int e, int g, boolean frontierChanged) {
        int next = peekCommitment(stagePool(g));
        if (next != NO_POOL) {
            fulfillCommitment(e, next);
            return true;
        }
        execTask[e] = NONE;
        if (frontierChanged) {
            moveIdleExecutors(stagePool(g), new int[] {e});
        }
        return false;
    }

    // ---- executor movement

    private void fulfillCommitmentsFromSource() {
        if (source == NO_POOL) {
            return;
        }
        int[] idle = idleExecutors(source);
        LinkedHashMap<Integer, Integer> from = commitments[source];
        if (from == null) {
            return;
        }
        List<Map.Entry<Integer, Integer>> entries = new ArrayList<>();
        for (Map.Entry<Integer, Integer> entry : from.entrySet()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        int next = 0;
        for (Map.Entry<Integer, Integer> entry : entries) {
            int count = entry.getValue();
            while (count > 0 && next < idle.length) {
                fulfillCommitment(idle[next++], entry.getKey());
                count--;
            }
        }
    }

    private void fulfillCommitment(int e, int dst) {
        int src = removeCommitment(e, dst);
        if (dst == COMMON) {
            moveIdleExecutors(src, new int[] {e});
            return;
        }
        moveExecutorToStage(e, dst - 1 - jobCount);
    }

    /** Idle executors of a pool (not executing), lowest id first (rule D6). */
    private int[] idleExecutors(int pool) {
        int count = 0;
        int[] out = new int[n];
        for (int e = 0; e < n; e++) {
            if (location[e] == pool && !executing[e]) {
                out[count++] = e;
            }
        }
        return Arrays.copyOf(out, count);
    }

    /**
     * An idle executor at a stage goes to its job's pool; one at a saturated job goes to the common pool, leaving
     * the job's supply unchanged (kept quirk Q1); one at an unsaturated job's pool stays.
     */
    private void moveIdleExecutors(int src, int[] ids) {
        if (src == NO_POOL) {
            src = source;
        }
        if (src == NO_POOL || src == COMMON) {
            return;
        }
        if (ids == null) {
            ids = idleExecutors(src);
        }
        int job = poolJob(src);
        boolean saturated = saturatedCount[job] == templates[job].stageCount();
        boolean isJobPool = src == jobPool(job);
        if (isJobPool && !saturated) {
            return;
        }
        int dst = saturated ? COMMON : jobPool(job);
        for (int e : ids) {
            moveToPool(e, dst);
            if (dst == COMMON) {
                removeLocalExecutor(e, job);
            }
        }
    }

    private void tryBackupSchedule(int e) {
        int backup = findBackupStage(e);
        if (backup != NONE) {
            moveExecutorToStage(e, backup);
            return;
        }
        moveIdleExecutors(location[e], new int[] {e});
    }

    /** The last schedulable stage of the executor's job, else the last over the other jobs in arrival order. */
    private int findBackupStage(int e) {
        int job = execJob[e];
        if (job != NONE) {
            int[] local = findSchedulable(new int[] {job}, 1, job);
            if (local.length > 0) {
                return local[local.length - 1];
            }
        }
        int[] others = new int[activeCount];
        int count = 0;
        for (int k = 0; k < activeCount; k++) {
            if (activeJobs[k] != job) {
                others[count++] = activeJobs[k];
            }
        }
        int[] other = findSchedulable(others, count, job);
        return other.length > 0 ? other[other.length - 1] : NONE;
    }

    private void moveExecutorToStage(int e, int g) {
        if (remaining[g] == 0) {
            tryBackupSchedule(e);
            return;
        }
        int job = stageJob[g];
        if (execJob[e] != job) {
            sendExecutor(e, g);
            return;
        }
        if (!frontier[g]) {
            execTask[e] = NONE;
            moveToPool(e, jobPool(job));
            return;
        }
        moveToPool(e, stagePool(g));
        executeNextTask(e, g);
    }

    private void sendExecutor(int e, int g) {
        int old = location[e];
        if (old != NO_POOL) {
            poolSize[old]--;
            location[e] = NO_POOL;
        }
        movingToStage[g]++;
        int oldJob = old == NO_POOL ? NONE : poolJob(old);
        supply[stageJob[g]]++;
        if (oldJob != NONE) {
            supply[oldJob]--;
        }
        if (execJob[e] != NONE) {
            removeLocalExecutor(e, execJob[e]);
        }
        timeline.push(wallTime + config.movingDelayMs(), EXECUTOR_ARRIVAL, e, g);
    }

    private void executeNextTask(int e, int g) {
        int job = stageJob[g];
        StageTemplate stage = templates[job].stages()[g - stageBase[job]];
        int launch = stage.tasks() - remaining[g];
        remaining[g]--;
        if (remaining[g] == 0) {
            saturatedCount[job]++;
        }
        double duration = taskDuration(stage, launch, e, g, localCount[job]);
        execTask[e] = g;
        executing[e] = true;
        recentDuration[g] = duration;
        timeline.push(wallTime + duration, TASK_COMPLETION, g, e);
    }

    /** The task-duration draw (spec "Task durations"). */
    private double taskDuration(StageTemplate stage, int launch, int e, int g, int local) {
        int key = stage.keyOrLargest(executorKey(local, g, launch));
        double[] list;
        boolean warmup = false;
        if (execTask[e] == NONE) {
            list = StageTemplate.list(stage.fresh(), key);
            if (list == null) {
                list = StageTemplate.list(stage.firstWave(), key);
                warmup = true;
            }
        } else {
            list = execTask[e] == g ? StageTemplate.list(stage.restWave(), key) : null;
            if (list == null) {
                list = StageTemplate.list(stage.firstWave(), key);
            }
            if (list == null) {
                list = StageTemplate.list(stage.fresh(), key);
            }
        }
        if (list == null) {
            throw new IllegalStateException("stage " + g + " has no duration list for key " + key);
        }
        double d = list[draws.element(g, launch, list.length)];
        return warmup ? d + config.warmupDelayMs() : d;
    }

    /** The executor-count key: L or R around {@code local} (L with probability (n − L)/(R − L), Q2). */
    private int executorKey(int local, int g, int launch) {
        int[] points = TpchLibrary.DATA_POINTS;
        if (local <= points[0]) {
            return points[0];
        }
        if (local >= points[points.length - 1]) {
            return points[points.length - 1];
        }
        int r = 1;
        while (points[r] < local) {
            r++;
        }
        if (points[r] == local) {
            return local;
        }
        int left = points[r - 1];
        int right = points[r];
        double u = draws.keyDraw(g, launch);
        int drawn = 1 + (int) Math.floor(u * (right - left));
        return drawn <= local - left ? left : right;
    }

    // ---- executor tracker

    private int committable() {
        return source == NO_POOL ? 0 : poolSize[source] - commitmentsFrom[source];
    }

    private int sourceJob() {
        return source == NO_POOL || source == COMMON ? NONE : poolJob(source);
    }

    private int jobPool(int job) {
        return 1 + job;
    }

    private int stagePool(int g) {
        return 1 + jobCount + g;
    }

    private int poolJob(int pool) {
        if (pool == COMMON) {
            return NONE;
        }
        return pool <= jobCount ? pool - 1 : stageJob[pool - 1 - jobCount];
    }

    private int demand(int g) {
        return remaining[g] - (movingToStage[g] + commitmentsTo[stagePool(g)]);
    }

    private void addCommitment(int count, int dst) {
        if (commitments[source] == null) {
            commitments[source] = new LinkedHashMap<>();
        }
        commitments[source].merge(dst, count, Integer::sum);
        commitmentsFrom[source] += count;
        commitmentsTo[dst] += count;
        int dstJob = poolJob(dst);
        if (dstJob != NONE && dstJob != poolJob(source)) {
            supply[dstJob] += count;
        }
    }

    private int removeCommitment(int e, int dst) {
        int src = location[e];
        LinkedHashMap<Integer, Integer> from = commitments[src];
        int left = from.get(dst) - 1;
        if (left == 0) {
            from.remove(dst);
        } else {
            from.put(dst, left);
        }
        commitmentsFrom[src]--;
        commitmentsTo[dst]--;
        int dstJob = poolJob(dst);
        if (dstJob != NONE && dstJob != poolJob(src)) {
            supply[dstJob]--;
        }
        return src;
    }

    private int peekCommitment(int pool) {
        LinkedHashMap<Integer, Integer> from = commitments[pool];
        if (from == null || from.isEmpty()) {
            return NO_POOL;
        }
        Iterator<Integer> it = from.keySet().iterator();
        return it.next();
    }

    private void moveToPool(int e, int pool) {
        int old = location[e];
        if (old != NO_POOL) {
            poolSize[old]--;
        }
        location[e] = pool;
        poolSize[pool]++;
    }

    private void addLocalExecutor(int e, int job) {
        localCount[job]++;
        execJob[e] = job;
        if (occupancy != null) {
            occupancy.add(wallTime, job, localCount[job]);
        }
    }

    private void removeLocalExecutor(int e, int job) {
        localCount[job]--;
        execJob[e] = NONE;
        execTask[e] = NONE;
        if (occupancy != null) {
            occupancy.add(wallTime, job, localCount[job]);
        }
    }

    /** Stages that are ready (unsaturated, parents saturated), not chosen this round, of jobs below N or the source. */
    private int[] findSchedulable(int[] jobs, int jobCountToScan, int sourceJob) {
        int[] out = new int[16];
        int count = 0;
        for (int q = 0; q < jobCountToScan; q++) {
            int job = jobs[q];
            if (job != sourceJob && supply[job] >= n) {
                continue;
            }
            JobTemplate t = templates[job];
            for (int s = 0; s < t.stageCount(); s++) {
                int g = stageBase[job] + s;
                if (stageDone[g] || selected[g] || demand(g) <= 0) {
                    continue;
                }
                boolean ready = true;
                for (int p : t.parents()[s]) {
                    if (demand(stageBase[job] + p) > 0) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    if (count == out.length) {
                        out = Arrays.copyOf(out, count * 2);
                    }
                    out[count++] = g;
                }
            }
        }
        return Arrays.copyOf(out, count);
    }

    // ---- observation and results

    /** The scheduler's view now. */
    CjsObservation observe() {
        stamp++;
        int jobs = activeCount;
        int[] jobIds = new int[jobs];
        int[] supplies = new int[jobs];
        int[] jobStart = new int[jobs + 1];
        int nodes = 0;
        for (int p = 0; p < jobs; p++) {
            nodes += activeStageCount[activeJobs[p]];
        }
        int[] stageIds = new int[nodes];
        int[] remainingTasks = new int[nodes];
        double[] durations = new double[nodes];
        int[] globals = new int[nodes];
        int sourceJob = sourceJob();
        int sourcePosition = -1;
        int i = 0;
        for (int p = 0; p < jobs; p++) {
            int job = activeJobs[p];
            jobIds[p] = job;
            supplies[p] = supply[job];
            jobStart[p] = i;
            if (job == sourceJob) {
                sourcePosition = p;
            }
            for (int s = 0; s < templates[job].stageCount(); s++) {
                int g = stageBase[job] + s;
                if (stageDone[g]) {
                    continue;
                }
                nodeOf[g] = i;
                nodeStamp[g] = stamp;
                globals[i] = g;
                stageIds[i] = s;
                remainingTasks[i] = remaining[g];
                durations[i] = recentDuration[g];
                i++;
            }
        }
        jobStart[jobs] = nodes;
        int edges = 0;
        int[] parents = new int[64];
        int[] children = new int[64];
        for (int u = 0; u < nodes; u++) {
            int g = globals[u];
            int job = stageJob[g];
            for (int c : templates[job].children()[g - stageBase[job]]) {
                int gc = stageBase[job] + c;
                if (nodeStamp[gc] != stamp || stageDone[gc]) {
                    continue;
                }
                if (edges == parents.length) {
                    parents = Arrays.copyOf(parents, edges * 2);
                    children = Arrays.copyOf(children, edges * 2);
                }
                parents[edges] = u;
                children[edges] = nodeOf[gc];
                edges++;
            }
        }
        int[] schedulable = new int[schedulableSize];
        for (int k = 0; k < schedulableSize; k++) {
            schedulable[k] = nodeOf[schedulableList[k]];
        }
        return new CjsObservation(decisions, n, committable(), sourcePosition, jobIds, supplies, jobStart, stageIds,
                remainingTasks, durations, Arrays.copyOf(parents, edges), Arrays.copyOf(children, edges), schedulable);
    }

    /** Job j's completion time (ms), +∞ while it runs. */
    double completion(int job) {
        return completion[job];
    }

    int jobCount() {
        return jobCount;
    }

    JobSpec spec(int job) {
        return specs.get(job);
    }
}
