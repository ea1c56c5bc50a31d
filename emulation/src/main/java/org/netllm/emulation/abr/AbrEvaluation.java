package org.netllm.emulation.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;

/**
 * Plays every contender on every trace, in parallel, and returns the sessions in a fixed order (contender-major,
 * then trace order) whatever the thread count: each session is independent and seeded by its trace index, so the
 * results are identical for 1 or N threads. This class is threadsafe.
 */
public final class AbrEvaluation {

    /**
     * Something that can be played on a (trace, video, start pointer): an online policy or the offline bound. Names
     * resolve through {@link AbrPolicyRegistry}.
     */
    public sealed interface Contender permits Online, Optimal, Expert {

        /** The offline optimum's name. */
        String OPTIMAL = "optimal";

        String name();

        /** Plays one session; {@code seed} drives any randomness of the contender. */
        SessionResult play(Trace trace, Video video, int startPointer, long seed);

        /**
         * A controller for one session on this trace and start, e.g. in another simulator (experience collection's
         * noisy one); {@code seed} drives the contender's own randomness.
         */
        AbrController controllerFor(Trace trace, Video video, int startPointer, long seed);
    }

    /** An online policy: one fresh session per trace, seeded by the trace index. */
    public record Online(AbrPolicy policy) implements Contender {

        @Override
        public String name() {
            return policy.name();
        }

        @Override
        public SessionResult play(Trace trace, Video video, int startPointer, long seed) {
            return AbrSession.play(policy.newSession(seed), trace, video, startPointer);
        }

        @Override
        public AbrController controllerFor(Trace trace, Video video, int startPointer, long seed) {
            return policy.newSession(seed);
        }
    }

    /**
     * The offline-optimal bound ({@link OfflineOptimal}), which sees the whole trace. As a controller it replays the
     * level sequence planned without delay noise: under another simulator's noise that is a near-optimal plan, not a
     * reaction.
     */
    public record Optimal() implements Contender {

        @Override
        public String name() {
            return OPTIMAL;
        }

        @Override
        public SessionResult play(Trace trace, Video video, int startPointer, long seed) {
            return OfflineOptimal.solve(trace, video, startPointer).result();
        }

        @Override
        public AbrController controllerFor(Trace trace, Video video, int startPointer, long seed) {
            int[] levels = OfflineOptimal.solve(trace, video, startPointer).levels();
            return observation -> levels[observation.nextChunk()];
        }
    }

    /**
     * An expert that sees the future ({@link AbrExpert}): at every decision it plans from the session simulator's
     * exact state on the session's own trace.
     */
    public record Expert(AbrExpert expert) implements Contender {

        @Override
        public String name() {
            return expert.name();
        }

        @Override
        public SessionResult play(Trace trace, Video video, int startPointer, long seed) {
            AbrSimulator simulator = new AbrSimulator(trace, video, startPointer);
            AbrController controller = observation -> expert.chooseLevel(trace, video, simulator.state(),
                    observation.lastLevel());
            return AbrSession.play(controller, simulator, video);
        }

        /**
         * A controller that follows the session in its own noise-free simulator, replaying the levels the observation
         * shows: exact in a test-mode simulator; under another simulator's delay noise the buffer is the observed one
         * but the trace position is the noise-free one's.
         */
        @Override
        public AbrController controllerFor(Trace trace, Video video, int startPointer, long seed) {
            AbrSimulator shadow = new AbrSimulator(trace, video, startPointer);
            return observation -> {
                List<ChunkDownload> history = observation.history();
                while (shadow.nextChunk() < history.size()) {
                    shadow.download(history.get(shadow.nextChunk()).level());
                }
                AbrSimulator.State s = shadow.state();
                AbrSimulator.State seen = new AbrSimulator.State(s.pointer(), s.traceTimeSeconds(),
                        history.get(history.size() - 1).bufferMs(), s.nextChunk());
                return expert.chooseLevel(trace, video, seen, observation.lastLevel());
            };
        }
    }

    /**
     * One played session of the evaluation and the wall time it took on its worker thread (decisions and simulator
     * together: what a decision costs is this over the session's decisions).
     */
    public record Outcome(String contender, int traceIndex, String trace, int startPointer, SessionResult result,
                          long elapsedNanos) {

        /** Mean wall time per decision in ms (every chunk but the first is a decision). */
        public double msPerDecision() {
            return elapsedNanos / 1e6 / (result.chunks().size() - 1);
        }
    }

    /** Told after each finished session; may be called from worker threads, never concurrently. */
    @FunctionalInterface
    public interface Progress {

        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }

    private AbrEvaluation() {
    }

    /** One session to play: a link, a video and where in the trace it starts. */
    public record Session(Trace trace, Video video, int startPointer) {
    }

    /**
     * Plays {@code contenders} × {@code traces} on {@code threads} threads.
     *
     * @param startPointers one per trace, or null to start every trace at 1
     * @return outcomes ordered by contender, then trace
     */
    public static List<Outcome> run(List<Contender> contenders, List<Trace> traces, Video video, int[] startPointers,
                                    int threads, Progress progress) {
        return run(contenders, traces, video, startPointers, threads, progress, (name, t) -> false, o -> { });
    }

    /**
     * Plays the sessions not yet played: those {@code played} names (contender, trace index) are skipped, and each
     * new one is handed to {@code finished} as soon as it ends (from a worker thread, never concurrently), so an
     * interrupted evaluation can keep its sessions and go on.
     *
     * @return the new outcomes, ordered by contender, then trace
     */
    public static List<Outcome> run(List<Contender> contenders, List<Trace> traces, Video video, int[] startPointers,
                                    int threads, Progress progress, BiPredicate<String, Integer> played,
                                    Consumer<Outcome> finished) {
        if (startPointers != null && startPointers.length != traces.size()) {
            throw new InvalidInputException(startPointers.length + " start pointers for " + traces.size()
                    + " traces; give exactly one per trace");
        }
        List<Session> sessions = new ArrayList<>(traces.size());
        for (int t = 0; t < traces.size(); t++) {
            sessions.add(new Session(traces.get(t), video, startPointers == null ? 1 : startPointers[t]));
        }
        return run(contenders, sessions, threads, progress, played, finished);
    }

    /**
     * Plays {@code contenders} × {@code sessions} on {@code threads} threads, session {@code i} seeded by {@code i}.
     *
     * @return outcomes ordered by contender, then session
     */
    public static List<Outcome> run(List<Contender> contenders, List<Session> sessions, int threads,
                                    Progress progress) {
        return run(contenders, sessions, threads, progress, (name, t) -> false, o -> { });
    }

    /**
     * Plays the sessions not yet played ({@code played} names them by contender and session index), handing each new
     * one to {@code finished} as soon as it ends (never concurrently).
     *
     * @return the new outcomes, ordered by contender, then session
     */
    public static List<Outcome> run(List<Contender> contenders, List<Session> sessions, int threads,
                                    Progress progress, BiPredicate<String, Integer> played,
                                    Consumer<Outcome> finished) {
        if (threads < 1) {
            throw new InvalidInputException("thread count must be at least 1, got " + threads);
        }
        int counted = 0;
        for (Contender contender : contenders) {
            for (int t = 0; t < sessions.size(); t++) {
                counted += played.test(contender.name(), t) ? 0 : 1;
            }
        }
        int total = counted;
        int[] done = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>(total);
            for (Contender contender : contenders) {
                for (int t = 0; t < sessions.size(); t++) {
                    if (played.test(contender.name(), t)) {
                        continue;
                    }
                    Trace trace = sessions.get(t).trace();
                    Video video = sessions.get(t).video();
                    int pointer = sessions.get(t).startPointer();
                    int index = t;
                    futures.add(pool.submit(() -> {
                        // The harness, not the decision logic, reads the clock: cost is reported, never used.
                        long started = System.nanoTime();
                        SessionResult result = contender.play(trace, video, pointer, index);
                        long elapsed = System.nanoTime() - started;
                        Outcome outcome = new Outcome(contender.name(), index, trace.name(), pointer, result, elapsed);
                        synchronized (done) {
                            finished.accept(outcome);
                            progress.update(++done[0], total);
                        }
                        return outcome;
                    }));
                }
            }
            List<Outcome> outcomes = new ArrayList<>(total);
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Mean session QoE of one contender over its outcomes. */
    public static double meanQoe(List<Outcome> outcomes, String contender) {
        return outcomes.stream().filter(o -> o.contender().equals(contender))
                .mapToDouble(o -> o.result().qoe()).average().orElse(Double.NaN);
    }
}
