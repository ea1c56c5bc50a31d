package org.netllm.emulation.cjs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.errors.InvalidInputException;

/**
 * The 154 TPC-H job templates of {@code cjs/tpch/SIZE/query_Q.json}, read on first use and preprocessed as NetLLM's
 * {@code TPCHJobSequenceGen} does. Threadsafe.
 */
public final class TpchLibrary {

    /** The input sizes, in NetLLM's order. */
    public static final List<String> SIZES = List.of("2g", "5g", "10g", "20g", "50g", "80g", "100g");
    /** Queries are 1..QUERIES. */
    public static final int QUERIES = 22;
    /** The executor counts at which durations were measured (the key draw's data points). */
    static final int[] DATA_POINTS = {5, 10, 20, 40, 50, 60, 80, 100};
    private static final int MAX_KEY = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<String, JobTemplate> cache = new ConcurrentHashMap<>();

    /** @param root the {@code cjs/tpch} folder */
    public TpchLibrary(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("TPC-H folder " + root + " does not exist (expected cjs/tpch under the "
                    + "data directory)");
        }
        this.root = root;
    }

    /** The template of {@code query} at {@code size}. */
    public JobTemplate template(int query, String size) {
        if (query < 1 || query > QUERIES || !SIZES.contains(size)) {
            throw new InvalidInputException("no TPC-H job for query " + query + " size " + size + " (queries 1.."
                    + QUERIES + ", sizes " + String.join(", ", SIZES) + ")");
        }
        return cache.computeIfAbsent(query + "/" + size,
                k -> read(root.resolve(size).resolve("query_" + query + ".json"), query, size));
    }

    /** Reads and preprocesses one DAG file. */
    public static JobTemplate read(Path file, int query, String size) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException("DAG file " + file + " is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read DAG file " + file + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("DAG file " + file + " is not a JSON object");
        }
        int[][] adjacency = adjacency(file, json.get("adjacency"));
        int n = adjacency.length;
        int[][] parents = new int[n][];
        int[][] children = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> ps = new ArrayList<>();
            List<Integer> cs = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                if (adjacency[o][s] == 1) {
                    ps.add(o);
                }
                if (adjacency[s][o] == 1) {
                    cs.add(o);
                }
            }
            parents[s] = ps.stream().mapToInt(Integer::intValue).toArray();
            children[s] = cs.stream().mapToInt(Integer::intValue).toArray();
        }
        requireAcyclic(file, parents, children);
        JsonNode durations = json.get("task_durations_ms");
        if (durations == null || !durations.isArray() || durations.size() != n) {
            throw new InvalidInputException("DAG file " + file + ": field task_durations_ms must be a list of " + n
                    + " stages (one per adjacency row), got "
                    + (durations == null ? "none" : durations.isArray() ? durations.size() + " entries" : "a non-list"));
        }
        StageTemplate[] stages = new StageTemplate[n];
        for (JsonNode entry : durations) {
            JsonNode id = entry.get("stage");
            if (id == null || !id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= n || stages[id.asInt()] != null) {
                throw new InvalidInputException("DAG file " + file + ": task_durations_ms entry has stage "
                        + id + "; each of 0.." + (n - 1) + " must appear once");
            }
            stages[id.asInt()] = stage(file, id.asInt(), entry);
        }
        return new JobTemplate(query, size, stages, parents, children);
    }

    private static int[][] adjacency(Path file, JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidInputException("DAG file " + file + ": field adjacency must be a non-empty square matrix");
        }
        int n = node.size();
        int[][] a = new int[n][n];
        for (int i = 0; i < n; i++) {
            JsonNode row = node.get(i);
            if (row == null || !row.isArray() || row.size() != n) {
                throw new InvalidInputException("DAG file " + file + ": adjacency is not square: row " + i + " has "
                        + (row == null || !row.isArray() ? "no list" : row.size() + " entries") + ", the matrix " + n
                        + " rows");
            }
            for (int j = 0; j < n; j++) {
                JsonNode v = row.get(j);
                if (!v.isNumber() || (v.asDouble() != 0 && v.asDouble() != 1)) {
                    throw new InvalidInputException("DAG file " + file + ": adjacency[" + i + "][" + j + "] is " + v
                            + ", must be 0 or 1");
                }
                a[i][j] = (int) v.asDouble();
            }
            if (a[i][i] == 1) {
                throw new InvalidInputException("DAG file " + file + ": adjacency is cyclic (stage " + i
                        + " depends on itself)");
            }
        }
        return a;
    }

    private static void requireAcyclic(Path file, int[][] parents, int[][] children) {
        int n = parents.length;
        int[] indegree = new int[n];
        for (int s = 0; s < n; s++) {
            indegree[s] = parents[s].length;
        }
        int[] queue = new int[n];
        int tail = 0;
        for (int s = 0; s < n; s++) {
            if (indegree[s] == 0) {
                queue[tail++] = s;
            }
        }
        for (int head = 0; head < tail; head++) {
            for (int c : children[queue[head]]) {
                if (--indegree[c] == 0) {
                    queue[tail++] = c;
                }
            }
        }
        if (tail != n) {
            List<Integer> onCycle = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                if (indegree[s] > 0) {
                    onCycle.add(s);
                }
            }
            throw new InvalidInputException("DAG file " + file + ": adjacency is cyclic (stages " + onCycle
                    + " are on or behind a cycle)");
        }
    }

    private static StageTemplate stage(Path file, int s, JsonNode entry) {
        String where = "DAG file " + file + ": stage " + s;
        TreeMap<Integer, double[]> first = lists(where, entry, "first_wave");
        TreeMap<Integer, double[]> rest = lists(where, entry, "rest_wave");
        TreeMap<Integer, double[]> fresh = lists(where, entry, "fresh_durations");
        if (first.isEmpty() || !first.containsKey(2)) {
            throw new InvalidInputException(where + " has no task-duration lists under first_wave \"2\" (its task "
                    + "count comes from key 2)");
        }
        int tasks = first.get(2).length + (rest.containsKey(2) ? rest.get(2).length : 0);
        if (tasks == 0) {
            throw new InvalidInputException(where + " has no tasks (first_wave and rest_wave \"2\" are empty)");
        }
        // Remove the fresh durations from the first wave, as a multiset difference, key by key.
        TreeMap<Integer, double[]> cleaned = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : first.entrySet()) {
            Map<Double, Integer> freshCount = new HashMap<>();
            for (double d : fresh.getOrDefault(e.getKey(), new double[0])) {
                freshCount.merge(d, 1, Integer::sum);
            }
            List<Double> kept = new ArrayList<>();
            for (double d : e.getValue()) {
                Integer c = freshCount.get(d);
                if (c == null) {
                    kept.add(d);
                } else if (c == 1) {
                    freshCount.remove(d);
                } else {
                    freshCount.put(d, c - 1);
                }
            }
            cleaned.put(e.getKey(), kept.stream().mapToDouble(Double::doubleValue).toArray());
        }
        // Fill each empty list with the previous key's list (numeric key order).
        double[] previous = new double[0];
        for (Map.Entry<Integer, double[]> e : cleaned.entrySet()) {
            if (e.getValue().length == 0) {
                e.setValue(previous);
            }
            previous = e.getValue();
        }
        double sum = 0;
        long count = 0;
        for (TreeMap<Integer, double[]> m : List.of(fresh, cleaned, rest)) {
            for (double[] values : m.values()) {
                for (double v : values) {
                    sum += v;
                    count++;
                }
            }
        }
        int largest = cleaned.lastKey();
        StageTemplate stage = new StageTemplate(tasks, sum / count, byKey(fresh), byKey(cleaned), byKey(rest), largest);
        for (int point : DATA_POINTS) {
            int key = stage.keyOrLargest(point);
            if (StageTemplate.list(stage.fresh(), key) == null && StageTemplate.list(stage.firstWave(), key) == null) {
                throw new InvalidInputException(where + " has no task durations for " + point + " executors (key "
                        + key + ": fresh_durations and first_wave are both empty)");
            }
        }
        return stage;
    }

    private static TreeMap<Integer, double[]> lists(String where, JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(where + " has no task-duration lists: field " + field + " is missing");
        }
        TreeMap<Integer, double[]> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            int key;
            try {
                key = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new InvalidInputException(where + ": " + field + " key '" + e.getKey()
                        + "' is not an executor count");
            }
            if (key < 1 || key > MAX_KEY) {
                throw new InvalidInputException(where + ": " + field + " key " + key + " is outside 1.." + MAX_KEY);
            }
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw new InvalidInputException(where + ": " + field + "[\"" + key + "\"] is not a list");
            }
            double[] values = new double[list.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = list.get(i);
                if (!v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
                    throw new InvalidInputException(where + ": " + field + "[\"" + key + "\"][" + i + "] is " + v
                            + ", must be a duration in ms");
                }
                values[i] = v.asDouble();
            }
            out.put(key, values);
        }
        return out;
    }

    private static double[][] byKey(TreeMap<Integer, double[]> m) {
        double[][] out = new double[m.isEmpty() ? 0 : m.lastKey() + 1][];
        m.forEach((k, v) -> out[k] = v);
        return out;
    }
}
