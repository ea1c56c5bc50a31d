package org.netllm.server.cjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.ClusterClock;
import org.netllm.server.StrictJson;

/**
 * An external cluster manager's observation, as the decision API reads it:
 * <pre>{"executors": N, "committable": C, "sourceJob": -1,
 *  "jobs": [{"id": 7, "supply": 0, "stages": [{"remainingTasks": 3, "durationMs": 1200, "parents": [0]}]}],
 *  "schedulable": [[job, stage], ...]}</pre>
 * Stages are numbered within their job; {@code parents} are the stages each one depends on. The answer's stage is a
 * position in {@code schedulable} sorted by (job, stage). Cycles, indices out of range and negative counts are
 * refused with a message naming the field.
 *
 * <p>Optionally the cluster's clock ({@link #clock}): {@code "timeMs"} (the observation's time), each job's
 * {@code "arrivalMs"} and {@code "completedJobs": [{"id": 3, "completedMs": 81234.5}]} (jobs completed since the
 * previous observation), all on the cluster's clock and at most {@code timeMs}.
 */
final class ObservationJson {

    static final int MAX_EXECUTORS = 100_000;
    /** About 31,700 years: any real clock, and far from where doubles lose the millisecond. */
    static final double MAX_TIME_MS = 1e15;

    private ObservationJson() {
    }

    static CjsObservation parse(JsonNode root, int decision) throws StrictJson.BadJson {
        int executors = (int) StrictJson.integer(root, "executors", 1, MAX_EXECUTORS);
        int committable = (int) StrictJson.integer(root, "committable", 1, executors);
        JsonNode jobs = array(root, "jobs");
        if (jobs.isEmpty()) {
            throw new StrictJson.BadJson("'jobs' must hold at least one active job");
        }
        if (jobs.size() > ObservationBudget.MAX_JOBS) {
            throw ObservationBudget.tooManyJobs(jobs.size());
        }
        int sourceJob = root.has("sourceJob") ? (int) StrictJson.integer(root, "sourceJob", -1, jobs.size() - 1) : -1;
        int[] jobIds = new int[jobs.size()];
        java.util.Map<Integer, Integer> jobById = new java.util.HashMap<>();
        int[] supplies = new int[jobs.size()];
        int[] jobStart = new int[jobs.size() + 1];
        List<Integer> stageIds = new ArrayList<>();
        List<Integer> remaining = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        List<long[]> edges = new ArrayList<>();
        int depth = 0;
        for (int j = 0; j < jobs.size(); j++) {
            JsonNode job = jobs.get(j);
            String where = "jobs[" + j + "]";
            if (!job.isObject()) {
                throw new StrictJson.BadJson(where + " must be an object {id, supply, stages}");
            }
            jobIds[j] = field(() -> StrictJson.integer(job, "id", 0, Integer.MAX_VALUE), where).intValue();
            Integer twin = jobById.putIfAbsent(jobIds[j], j);
            if (twin != null) {
                // Rewards, completions and arrivals are keyed by job id: two jobs with one id would be merged.
                throw new StrictJson.BadJson(where + ".id " + jobIds[j] + " is also jobs[" + twin + "].id; each "
                        + "active job needs its own id");
            }
            supplies[j] = field(() -> StrictJson.integer(job, "supply", 0, executors), where).intValue();
            jobStart[j] = stageIds.size();
            JsonNode stages = array(job, "stages");
            if (stages.isEmpty()) {
                throw new StrictJson.BadJson(where + ".stages must hold at least one stage");
            }
            if (stages.size() > ObservationBudget.MAX_STAGES_PER_JOB) {
                throw ObservationBudget.tooManyStagesInJob(stages.size()).at(where);
            }
            if (stageIds.size() + stages.size() > ObservationBudget.MAX_STAGES) {
                throw ObservationBudget.tooManyStages(stageIds.size() + stages.size());
            }
            int[][] parents = new int[stages.size()][];
            for (int k = 0; k < stages.size(); k++) {
                JsonNode stage = stages.get(k);
                String at = where + ".stages[" + k + "]";
                if (!stage.isObject()) {
                    throw new StrictJson.BadJson(at + " must be an object {remainingTasks, durationMs, parents}");
                }
                stageIds.add(k);
                remaining.add(field(() -> StrictJson.integer(stage, "remainingTasks", 0, Integer.MAX_VALUE), at).intValue());
                durations.add(field(() -> StrictJson.number(stage, "durationMs", 0, 1e12), at));
                JsonNode ps = stage.has("parents") ? stage.get("parents") : null;
                if (ps != null && !ps.isArray()) {
                    throw new StrictJson.BadJson(at + ".parents must be an array of stage numbers of the same job");
                }
                parents[k] = new int[ps == null ? 0 : ps.size()];
                if (edges.size() + parents[k].length > ObservationBudget.MAX_EDGES) {
                    throw ObservationBudget.tooManyEdges(edges.size() + parents[k].length);
                }
                for (int p = 0; p < parents[k].length; p++) {
                    JsonNode parent = ps.get(p);
                    if (!parent.canConvertToExactIntegral() || parent.asLong() < 0 || parent.asLong() >= stages.size()
                            || parent.asLong() == k) {
                        throw new StrictJson.BadJson(at + ".parents[" + p + "] must be another stage of the job, 0.."
                                + (stages.size() - 1) + ", got " + parent);
                    }
                    parents[k][p] = parent.asInt();
                    edges.add(new long[] {jobStart[j] + parents[k][p], jobStart[j] + k});
                }
            }
            int jobDepth = depth(parents);
            if (jobDepth < 0) {
                throw new StrictJson.BadJson(where + ".stages: the dependencies form a cycle; a job is a DAG");
            }
            depth = Math.max(depth, jobDepth);
        }
        jobStart[jobs.size()] = stageIds.size();
        // Before any scheduler sees it: what deciding this observation would cost.
        ObservationBudget.checkWork(jobs.size(), stageIds.size(), edges.size(), depth);
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] parentsOf = new int[edges.size()];
        int[] childrenOf = new int[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            parentsOf[e] = (int) edges.get(e)[0];
            childrenOf[e] = (int) edges.get(e)[1];
        }
        JsonNode schedulable = array(root, "schedulable");
        if (schedulable.isEmpty()) {
            throw new StrictJson.BadJson("'schedulable' must name at least one [job, stage]");
        }
        int[] nodes = new int[schedulable.size()];
        for (int s = 0; s < nodes.length; s++) {
            JsonNode pair = schedulable.get(s);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToExactIntegral()
                    || !pair.get(1).canConvertToExactIntegral()) {
                throw new StrictJson.BadJson("schedulable[" + s + "] must be [job, stage], got " + pair);
            }
            long job = pair.get(0).asLong();
            long stage = pair.get(1).asLong();
            if (job < 0 || job >= jobs.size() || stage < 0 || stage >= jobStart[(int) job + 1] - jobStart[(int) job]) {
                throw new StrictJson.BadJson("schedulable[" + s + "] = " + pair + " names no stage of the jobs given");
            }
            nodes[s] = jobStart[(int) job] + (int) stage;
        }
        Arrays.sort(nodes);
        for (int s = 1; s < nodes.length; s++) {
            if (nodes[s] == nodes[s - 1]) {
                throw new StrictJson.BadJson("'schedulable' names a stage twice");
            }
        }
        return new CjsObservation(decision, executors, committable, sourceJob, jobIds, supplies, jobStart,
                stageIds.stream().mapToInt(Integer::intValue).toArray(),
                remaining.stream().mapToInt(Integer::intValue).toArray(),
                durations.stream().mapToDouble(Double::doubleValue).toArray(), parentsOf, childrenOf, nodes);
    }

    /** The observation's clock, empty without {@code timeMs}; {@code observation}: {@link #parse} of {@code root}. */
    static Optional<ClusterClock> clock(JsonNode root, CjsObservation observation) throws StrictJson.BadJson {
        JsonNode jobs = root.get("jobs");
        if (!root.has("timeMs")) {
            for (int j = 0; j < jobs.size(); j++) {
                if (jobs.get(j).has("arrivalMs")) {
                    throw new StrictJson.BadJson("jobs[" + j + "].arrivalMs needs the observation's 'timeMs'");
                }
            }
            if (root.has("completedJobs")) {
                throw new StrictJson.BadJson("'completedJobs' needs the observation's 'timeMs'");
            }
            return Optional.empty();
        }
        double timeMs = StrictJson.number(root, "timeMs", 0, MAX_TIME_MS);
        double[] arrivals = new double[jobs.size()];
        Set<Integer> listed = new HashSet<>();
        for (int j = 0; j < jobs.size(); j++) {
            JsonNode job = jobs.get(j);
            listed.add(observation.jobIds()[j]);
            arrivals[j] = job.has("arrivalMs")
                    ? field(() -> StrictJson.number(job, "arrivalMs", 0, timeMs), "jobs[" + j + "]") : Double.NaN;
        }
        Map<Integer, Double> completed = new HashMap<>();
        JsonNode done = root.has("completedJobs") ? array(root, "completedJobs") : null;
        for (int k = 0; done != null && k < done.size(); k++) {
            JsonNode job = done.get(k);
            String where = "completedJobs[" + k + "]";
            if (!job.isObject()) {
                throw new StrictJson.BadJson(where + " must be an object {id, completedMs}");
            }
            int id = field(() -> StrictJson.integer(job, "id", 0, Integer.MAX_VALUE), where).intValue();
            double at = field(() -> StrictJson.number(job, "completedMs", 0, timeMs), where);
            if (listed.contains(id)) {
                throw new StrictJson.BadJson(where + ": job " + id + " is still listed in 'jobs'; a completed job "
                        + "leaves the active jobs");
            }
            if (completed.put(id, at) != null) {
                throw new StrictJson.BadJson(where + ": job " + id + " is listed twice");
            }
        }
        return Optional.of(new ClusterClock(timeMs, arrivals, completed));
    }

    private interface Field<T> {
        T read() throws StrictJson.BadJson;
    }

    private static <T> T field(Field<T> read, String where) throws StrictJson.BadJson {
        try {
            return read.read();
        } catch (StrictJson.BadJson e) {
            throw e.at(where);
        }
    }

    private static JsonNode array(JsonNode object, String field) throws StrictJson.BadJson {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray()) {
            throw new StrictJson.BadJson("missing array '" + field + "'");
        }
        return value;
    }

    /**
     * The number of levels of a job's DAG (its longest chain of stages, Kahn's algorithm over the parent lists), or
     * −1 when the dependencies form a cycle.
     */
    static int depth(int[][] parents) {
        int n = parents.length;
        int[] waiting = new int[n];
        int[] level = new int[n];
        List<List<Integer>> children = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            children.add(new ArrayList<>());
        }
        for (int k = 0; k < n; k++) {
            for (int p : parents[k]) {
                children.get(p).add(k);
                waiting[k]++;
            }
        }
        ArrayList<Integer> ready = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (waiting[k] == 0) {
                ready.add(k);
            }
        }
        int seen = 0;
        int depth = 0;
        while (!ready.isEmpty()) {
            int k = ready.remove(ready.size() - 1);
            seen++;
            depth = Math.max(depth, level[k] + 1);
            for (int c : children.get(k)) {
                level[c] = Math.max(level[c], level[k] + 1);
                if (--waiting[c] == 0) {
                    ready.add(c);
                }
            }
        }
        return seen < n ? -1 : depth;
    }
}
