package org.netllm.emulation.abr;

import java.util.Arrays;
import java.util.List;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Mpc;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.RateBased;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;

/**
 * The offline-optimal bound: the best level sequence for one session when the whole trace is known in advance,
 * found by a dynamic programme (a beam search) over exact simulator states.
 *
 * <p>After each chunk, every surviving state (trace position, buffer, last level, QoE so far) is extended by every
 * level with the real {@link AbrSimulator}, so states and their QoE are exact, never interpolated. The trace clock
 * (not elapsed time: a looping trace's future depends only on the position in it) is discretised into buckets of
 * {@link Settings#traceStepSeconds()}; within one (last level, trace bucket) a state is dropped when another has
 * at least its buffer and at least its QoE, or less buffer but a QoE higher by at least 4.3 per missing second
 * (extra buffer can at best save that much stalling later). Of the rest, the {@link Settings#beamWidth()} with
 * the highest QoE so far survive. Treating states of one bucket as at the same time, and the beam, are the
 * approximations: the result is a lower bound on the true optimum, close to it (on fcc-test from pointer 1 the
 * mean QoE rises by under 2% from the default settings to a beam of 2000).
 *
 * <p>To make the bound safe against the controllers it is compared with, the trajectories of seed policies (by
 * default BBA, MPC, RobustMPC and rate-based) are kept alive at every step outside the pruning, so the search
 * always contains them and its answer is never below any of them. The answer's QoE is the session replayed in a
 * fresh simulator, hence exact. Pure: no I/O, no clock. This class is threadsafe.
 */
public final class OfflineOptimal {

    /**
     * How hard the search looks: states are compared within buckets of {@code traceStepSeconds} of trace clock,
     * and at most {@code beamWidth} states survive each chunk. Finer buckets and wider beams come closer to the
     * true optimum and cost time roughly in proportion.
     */
    public record Settings(double traceStepSeconds, int beamWidth) {

        /** Keeps a generation's indices within the bits the search packs them into. */
        public static final int MAX_BEAM_WIDTH = 100_000;

        public Settings {
            if (!(traceStepSeconds > 0) || beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
                throw new IllegalArgumentException("the trace-clock step must be positive and the beam at least 1,"
                        + " and at most " + MAX_BEAM_WIDTH + ", got " + traceStepSeconds + " s and " + beamWidth);
            }
        }
    }

    /** The level sequence found (chunk 0 first, always level 0) and its session replayed in the simulator. */
    public record Plan(int[] levels, SessionResult result) {
    }

    /** 1 s trace-clock buckets, 300 states per chunk: about 0.2 s per trace (see the class comment). */
    public static final Settings DEFAULT_SETTINGS = new Settings(1.0, 300);

    /** The controllers whose trajectories the search always keeps. */
    public static final List<AbrPolicy> DEFAULT_SEEDS = List.of(Bba.PENSIEVE, Mpc.PENSIEVE, RobustMpc.PENSIEVE,
            new RateBased());

    private static final int INDEX_BITS = 20;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    private OfflineOptimal() {
    }

    /** The best plan with the default settings and seeds. */
    public static Plan solve(Trace trace, Video video, int startPointer) {
        return solve(trace, video, startPointer, DEFAULT_SEEDS, DEFAULT_SETTINGS);
    }

    /** The best plan found with the given seeds kept alive and the given state merging. */
    public static Plan solve(Trace trace, Video video, int startPointer, List<AbrPolicy> seeds,
                             Settings settings) {
        int[][] seedLevels = new int[seeds.size()][];
        for (int s = 0; s < seeds.size(); s++) {
            seedLevels[s] = levelsOf(AbrSession.play(seeds.get(s).newSession(s), trace, video, startPointer));
        }
        AbrSimulator simulator = new AbrSimulator(trace, video, startPointer);
        simulator.download(0);
        int[] levels = new Search(trace, video, simulator.state(), 0, video.chunkCount(), seedLevels, settings,
                FirstLevels.ONE_BEAM).run().levels();
        return new Plan(levels, replay(levels, trace, video, startPointer));
    }

    /** Whether the search keeps one beam, or one per level of its first chunk so that each level gets a value. */
    enum FirstLevels { ONE_BEAM, BEAM_PER_LEVEL }

    /**
     * What a search from a state found: the best levels (entries before the first planned chunk are 0) and, per
     * level of the first planned chunk, the best total QoE over the planned chunks (with {@link
     * FirstLevels#ONE_BEAM}, only the chosen level's entry is filled; the others are -infinity).
     */
    record Found(int[] levels, double[] firstLevelValues) {
    }

    /**
     * The search from a session's state: chunks {@code state.nextChunk()} to {@code endChunk - 1} planned after a
     * chunk at {@code lastLevel}, without seeds.
     */
    static Found searchFrom(Trace trace, Video video, AbrSimulator.State state, int lastLevel, int endChunk,
                            Settings settings, FirstLevels firstLevels) {
        return new Search(trace, video, state, lastLevel, endChunk, new int[0][], settings, firstLevels).run();
    }

    /** Plays a fixed level sequence (chunk 0's entry is ignored: it is always fetched at level 0). */
    public static SessionResult replay(int[] levels, Trace trace, Video video, int startPointer) {
        AbrController scripted = (AbrObservation observation) -> levels[observation.nextChunk()];
        return AbrSession.play(scripted, trace, video, startPointer);
    }

    static int[] levelsOf(SessionResult result) {
        return result.chunks().stream().mapToInt(ChunkDownload::level).toArray();
    }

    /** One run of the dynamic programme; states live in parallel arrays, one generation per chunk. */
    private static final class Search {

        private final Video video;
        private final AbrSimulator simulator;
        private final AbrSimulator.State start;
        private final int startLevel;
        private final int firstChunk;
        private final int endChunk;
        private final int[][] seedLevels;
        private final Settings settings;
        private final FirstLevels firstLevels;
        private final QoeModel qoe = QoeModel.LINEAR;

        private final int[][] parents;
        private final int[][] stateLevels;

        private int size;
        private int[] pointer = new int[64];
        private double[] traceTime = new double[64];
        private double[] buffer = new double[64];
        private int[] level = new int[64];
        private double[] score = new double[64];
        private int[] parent = new int[64];
        /** The level of the first planned chunk each state descends from (0 for all with one beam). */
        private int[] root = new int[64];

        /**
         * Plans chunks {@code start.nextChunk()} to {@code endChunk - 1} from {@code start}, reached with a chunk at
         * {@code startLevel}; {@code seedLevels} are indexed by chunk.
         */
        Search(Trace trace, Video video, AbrSimulator.State start, int startLevel, int endChunk, int[][] seedLevels,
               Settings settings, FirstLevels firstLevels) {
            if (start.nextChunk() < 1 || endChunk <= start.nextChunk() || endChunk > video.chunkCount()) {
                throw new IllegalArgumentException("cannot plan chunks " + start.nextChunk() + ".." + (endChunk - 1)
                        + " of " + video.chunkCount() + " (chunk 0 is always fetched at level 0)");
            }
            this.video = video;
            this.simulator = new AbrSimulator(trace, video, 1);
            this.start = start;
            this.startLevel = startLevel;
            this.firstChunk = start.nextChunk();
            this.endChunk = endChunk;
            this.seedLevels = seedLevels;
            this.settings = settings;
            this.firstLevels = firstLevels;
            this.parents = new int[video.chunkCount()][];
            this.stateLevels = new int[video.chunkCount()][];
        }

        Found run() {
            add(start.pointer(), start.traceTimeSeconds(), start.bufferMs(), startLevel, 0.0, -1, 0);
            // The seeds share the start, so state 0 stands for all of them until they diverge.
            int[] seedState = new int[seedLevels.length];
            close(firstChunk - 1);
            for (int chunk = firstChunk; chunk < endChunk; chunk++) {
                int[] prevPointer = Arrays.copyOf(pointer, size);
                double[] prevTime = Arrays.copyOf(traceTime, size);
                double[] prevBuffer = Arrays.copyOf(buffer, size);
                int[] prevLevel = Arrays.copyOf(level, size);
                double[] prevScore = Arrays.copyOf(score, size);
                int[] prevRoot = Arrays.copyOf(root, size);
                int prevSize = size;
                size = 0;
                for (int s = 0; s < seedLevels.length; s++) {
                    int from = seedState[s];
                    seedState[s] = expand(chunk, from, seedLevels[s][chunk], prevPointer, prevTime, prevBuffer,
                            prevLevel, prevScore, prevRoot);
                }
                int protectedCount = size;
                for (int from = 0; from < prevSize; from++) {
                    for (int next = 0; next < video.levels(); next++) {
                        expand(chunk, from, next, prevPointer, prevTime, prevBuffer, prevLevel, prevScore, prevRoot);
                    }
                }
                keepUndominated(protectedCount);
                close(chunk);
            }
            int[] levels = bestPath();
            double[] values = new double[video.levels()];
            Arrays.fill(values, Double.NEGATIVE_INFINITY);
            if (firstLevels == FirstLevels.ONE_BEAM) {
                values[levels[firstChunk]] = score[bestState()];
            } else {
                for (int i = 0; i < size; i++) {
                    values[root[i]] = Math.max(values[root[i]], score[i]);
                }
            }
            return new Found(levels, values);
        }

        /** Extends state {@code from} of the previous generation by one chunk at {@code next}; returns its index. */
        private int expand(int chunk, int from, int next, int[] prevPointer, double[] prevTime, double[] prevBuffer,
                           int[] prevLevel, double[] prevScore, int[] prevRoot) {
            simulator.restore(prevPointer[from], prevTime[from], prevBuffer[from], chunk);
            ChunkDownload download = simulator.download(next);
            double chunkQoe = qoe.chunkQoe(video.bitrateMbps(next), video.bitrateMbps(prevLevel[from]),
                    download.rebufferMs() / 1000.0);
            int descent = chunk == firstChunk ? (firstLevels == FirstLevels.BEAM_PER_LEVEL ? next : 0) : prevRoot[from];
            return add(simulator.pointer(), simulator.traceTimeSeconds(), download.bufferMs(), next,
                    prevScore[from] + chunkQoe, from, descent);
        }

        /**
         * Among the states from {@code first} on, keeps per (last level, trace-time bucket) the Pareto frontier: every
         * state not dominated by one with at least the buffer and at least the QoE (several may survive per group);
         * then, over all groups, at most the beam width of them by QoE.
         */
        private void keepUndominated(int first) {
            int n = size - first;
            // Sort by group with primitive keys (group, then index), then order each small group by buffer.
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                int state = first + i;
                long t = (long) Math.floor(traceTime[state] / settings.traceStepSeconds());
                packed[i] = (((t * 64 + level[state]) * 64 + root[state]) << INDEX_BITS) | i;
            }
            Arrays.sort(packed);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = first + (int) (packed[i] & INDEX_MASK);
            }
            int[] keep = new int[n];
            int keepCount = 0;
            int groupStart = 0;
            while (groupStart < n) {
                long group = packed[groupStart] >>> INDEX_BITS;
                int groupEnd = groupStart + 1;
                while (groupEnd < n && packed[groupEnd] >>> INDEX_BITS == group) {
                    groupEnd++;
                }
                sortByBufferDescending(order, groupStart, groupEnd);
                keepCount = keepFrontier(order, groupStart, groupEnd, keep, keepCount);
                groupStart = groupEnd;
            }
            int beamWidth = settings.beamWidth();
            if (firstLevels == FirstLevels.ONE_BEAM) {
                if (keepCount > beamWidth) {
                    keepCount = bestByScore(keep, keepCount, beamWidth);
                }
            } else {
                keepCount = bestByScorePerRoot(keep, keepCount, beamWidth);
            }
            Arrays.sort(keep, 0, keepCount);
            int kept = first;
            for (int k = 0; k < keepCount; k++) {
                moveTo(keep[k], kept++);
            }
            size = kept;
        }

        /** Insertion sort (groups hold a handful of states): buffer descending, then QoE descending, then index. */
        private void sortByBufferDescending(int[] order, int from, int to) {
            for (int i = from + 1; i < to; i++) {
                int state = order[i];
                int j = i - 1;
                while (j >= from && before(state, order[j])) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = state;
            }
        }

        private boolean before(int a, int b) {
            if (buffer[a] != buffer[b]) {
                return buffer[a] > buffer[b];
            }
            if (score[a] != score[b]) {
                return score[a] > score[b];
            }
            return a < b;
        }

        /**
         * Keeps the states of one group (ordered by buffer, highest first) that no other state dominates: a state
         * with at least the buffer and at least the QoE is at least as good, and so is one with less buffer whose
         * QoE exceeds by the rebuffering penalty of the missing buffer ({@code q + penalty * buffer} at least as
         * large), since extra buffer can at best save that much stalling later.
         */
        private int keepFrontier(int[] order, int from, int to, int[] keep, int keepCount) {
            int[] candidates = new int[to - from];
            int count = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                int state = order[i];
                if (score[state] > bestScore) {
                    bestScore = score[state];
                    candidates[count++] = state;
                }
            }
            double bestPotential = Double.NEGATIVE_INFINITY;
            for (int i = count - 1; i >= 0; i--) {
                int state = candidates[i];
                double potential = score[state] + qoe.rebufferPenaltyPerSecond() * buffer[state] / 1000.0;
                if (potential > bestPotential) {
                    bestPotential = potential;
                    keep[keepCount++] = state;
                }
            }
            return keepCount;
        }

        /** Keeps the {@code beamWidth} states with the highest QoE so far (the earlier state on a tie). */
        private int bestByScore(int[] keep, int keepCount, int beamWidth) {
            double[] scores = new double[keepCount];
            for (int i = 0; i < keepCount; i++) {
                scores[i] = score[keep[i]];
            }
            Arrays.sort(scores);
            double threshold = scores[keepCount - beamWidth];
            int above = 0;
            for (double value : scores) {
                if (value > threshold) {
                    above++;
                }
            }
            int tiesAllowed = beamWidth - above;
            Arrays.sort(keep, 0, keepCount);
            int chosen = 0;
            for (int i = 0; i < keepCount; i++) {
                double value = score[keep[i]];
                if (value > threshold || (value == threshold && tiesAllowed-- > 0)) {
                    keep[chosen++] = keep[i];
                }
            }
            return chosen;
        }

        /** One beam per first level: at most {@code beamWidth} states of each, chosen as {@link #bestByScore}. */
        private int bestByScorePerRoot(int[] keep, int keepCount, int beamWidth) {
            int[] kept = new int[keepCount];
            int keptCount = 0;
            int[] ofRoot = new int[keepCount];
            for (int r = 0; r < video.levels(); r++) {
                int n = 0;
                for (int i = 0; i < keepCount; i++) {
                    if (root[keep[i]] == r) {
                        ofRoot[n++] = keep[i];
                    }
                }
                if (n > beamWidth) {
                    n = bestByScore(ofRoot, n, beamWidth);
                }
                System.arraycopy(ofRoot, 0, kept, keptCount, n);
                keptCount += n;
            }
            System.arraycopy(kept, 0, keep, 0, keptCount);
            return keptCount;
        }

        private int add(int ptr, double time, double bufferMs, int lvl, double total, int from, int descent) {
            if (size == pointer.length) {
                int grown = size * 2;
                pointer = Arrays.copyOf(pointer, grown);
                traceTime = Arrays.copyOf(traceTime, grown);
                buffer = Arrays.copyOf(buffer, grown);
                level = Arrays.copyOf(level, grown);
                score = Arrays.copyOf(score, grown);
                parent = Arrays.copyOf(parent, grown);
                root = Arrays.copyOf(root, grown);
            }
            pointer[size] = ptr;
            traceTime[size] = time;
            buffer[size] = bufferMs;
            level[size] = lvl;
            score[size] = total;
            parent[size] = from;
            root[size] = descent;
            return size++;
        }

        private void moveTo(int from, int to) {
            pointer[to] = pointer[from];
            traceTime[to] = traceTime[from];
            buffer[to] = buffer[from];
            level[to] = level[from];
            score[to] = score[from];
            parent[to] = parent[from];
            root[to] = root[from];
        }

        /** Records the generation's back pointers so the winning path can be read back at the end. */
        private void close(int chunk) {
            parents[chunk] = Arrays.copyOf(parent, size);
            stateLevels[chunk] = Arrays.copyOf(level, size);
        }

        private int bestState() {
            int best = 0;
            for (int i = 1; i < size; i++) {
                if (score[i] > score[best]) {
                    best = i;
                }
            }
            return best;
        }

        /** The levels of the best final state's path; chunks before the first planned one are 0. */
        private int[] bestPath() {
            int[] levels = new int[video.chunkCount()];
            int state = bestState();
            for (int chunk = endChunk - 1; chunk >= firstChunk; chunk--) {
                levels[chunk] = stateLevels[chunk][state];
                state = parents[chunk][state];
            }
            return levels;
        }

    }
}
