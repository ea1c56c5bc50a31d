package org.netllm.adaptation.abr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.netllm.AbrImitationTask;
import org.netllm.emulation.abr.AbrExpert;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.AbrWorld;

/**
 * Behaviour cloning's data (DAgger's round 0): sessions of the world played by the expert or by other policies in
 * turn, every visited state labelled by the expert with its choice and its values of every level.
 *
 * <p>Session {@code i} is acted by actor {@code i mod A} (an actor is the expert itself when null), in a test-mode
 * simulator: the world already randomises links, round trips and videos, and a deterministic session lets the
 * expert's plan be exact. The result is the same for any thread count. This class is threadsafe.
 */
public final class ExpertLabels {

    /**
     * One labelled state.
     *
     * @param arrays the model's input arrays (padded to the task's levels)
     * @param choice the expert's level
     * @param values the expert's value of every level of the ladder (QoE summed over its plan)
     * @param ladder how many levels the session's ladder has
     */
    public record Example(List<float[]> arrays, int choice, double[] values, int ladder) {
    }

    /** Told after each labelled session, from worker threads. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    private ExpertLabels() {
    }

    /** Plays and labels {@code sessions}; {@code actors} take turns (null: the expert acts). */
    public static List<Example> collect(List<AbrWorld.Session> sessions, List<AbrPolicy> actors, AbrTeacher expert,
                                        AbrImitationTask task, int threads, Progress progress) {
        List<List<Example>> perSession = new ArrayList<>(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            perSession.add(null);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, sessions.size()));
        ExecutorService pool = daemonPool("expert-labels", workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sessions.size(); i = next.getAndIncrement()) {
                        AbrPolicy actor = actors.get(i % actors.size());
                        perSession.set(i, session(sessions.get(i), actor == null ? null : actor.newSession(i),
                                expert, task));
                        progress.update(done.incrementAndGet(), sessions.size());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw labellingFailed(e);
        } finally {
            pool.shutdownNow();
        }
        List<Example> all = new ArrayList<>();
        perSession.forEach(all::addAll);
        return all;
    }

    /** Decides the next level of every session in one call (a model's batched forward pass). */
    @FunctionalInterface
    public interface BatchPolicy {
        int[] chooseLevels(List<AbrObservation> observations);
    }

    /**
     * DAgger's data for a round after the first: {@code sessions} played in lockstep by {@code learner} (the current
     * model, one batched decision per chunk), each decision handed to the expert instead with chance
     * {@code expertRate} (drawn per session and chunk from {@code seed}), every visited state labelled by the expert.
     * The labelling runs on {@code threads} threads; the result does not depend on their number.
     */
    public static List<Example> collectByLearner(List<AbrWorld.Session> sessions, BatchPolicy learner,
                                                 double expertRate, long seed, AbrTeacher expert,
                                                 AbrImitationTask task, int threads, Progress progress) {
        int n = sessions.size();
        List<AbrSimulator> simulators = new ArrayList<>(n);
        List<List<ChunkDownload>> histories = new ArrayList<>(n);
        List<java.util.SplittableRandom> coins = new ArrayList<>(n);
        List<AbrTeacher.Labeller> labellers = new ArrayList<>(n);
        for (AbrWorld.Session s : sessions) {
            labellers.add(expert.newSession(s.index()));
            AbrSimulator simulator = new AbrSimulator(s.link(), s.video(), s.startPointer());
            List<ChunkDownload> history = new ArrayList<>();
            history.add(simulator.download(0));
            simulators.add(simulator);
            histories.add(history);
            coins.add(new java.util.SplittableRandom(seed * 1_000_003L + s.index()));
        }
        List<List<Example>> perSession = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            perSession.add(new ArrayList<>());
        }
        ExecutorService pool = daemonPool("dagger-labels", Math.max(1, threads));
        try {
            int chunks = 0;
            // Every video of the world has the same chunk count, so all sessions finish together.
            while (!simulators.get(0).finished()) {
                List<AbrObservation> observations = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    observations.add(AbrObservation.after(histories.get(i), sessions.get(i).video()));
                }
                int[] learned = learner.chooseLevels(observations);
                List<Future<Example>> labels = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int session = i;
                    AbrSimulator.State state = simulators.get(i).state();
                    labels.add(pool.submit(() -> {
                        AbrWorld.Session s = sessions.get(session);
                        AbrObservation o = observations.get(session);
                        double[] values = labellers.get(session).values(s, state, o);
                        return new Example(task.arrays(o), AbrExpert.best(values), values, s.video().levels());
                    }));
                }
                for (int i = 0; i < n; i++) {
                    Example e = labels.get(i).get();
                    perSession.get(i).add(e);
                    int level = coins.get(i).nextDouble() < expertRate ? e.choice() : learned[i];
                    histories.get(i).add(simulators.get(i).download(level));
                }
                progress.update(++chunks, sessions.get(0).video().chunkCount() - 1);
            }
        } catch (InterruptedException | ExecutionException e) {
            throw labellingFailed(e);
        } finally {
            pool.shutdownNow();
        }
        List<Example> all = new ArrayList<>();
        perSession.forEach(all::addAll);
        return all;
    }

    private static ExecutorService daemonPool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** What a labelling worker's failure becomes: its own runtime exception, else an illegal state. */
    private static RuntimeException labellingFailed(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("labelling was interrupted", e);
        }
        if (e.getCause() instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException("labelling failed: " + e.getCause(), e.getCause());
    }

    /** One session acted by {@code actor} (null: the expert), every decision's state labelled. */
    static List<Example> session(AbrWorld.Session session, AbrController actor, AbrTeacher expert,
                                 AbrImitationTask task) {
        AbrTeacher.Labeller labeller = expert.newSession(session.index());
        AbrSimulator simulator = new AbrSimulator(session.link(), session.video(), session.startPointer());
        List<ChunkDownload> history = new ArrayList<>();
        history.add(simulator.download(0));
        List<Example> examples = new ArrayList<>();
        while (!simulator.finished()) {
            AbrObservation observation = AbrObservation.after(history, session.video());
            double[] values = labeller.values(session, simulator.state(), observation);
            int choice = AbrExpert.best(values);
            examples.add(new Example(task.arrays(observation), choice, values, session.video().levels()));
            int level = actor == null ? choice : actor.chooseLevel(observation);
            history.add(simulator.download(level));
        }
        return examples;
    }

    /**
     * The soft target of an example: softmax of the values over the ladder's levels at {@code temperature} (QoE
     * units), zero for padded positions, {@code width} entries.
     */
    public static float[] softTarget(Example example, double temperature, int width) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < example.ladder(); a++) {
            max = Math.max(max, example.values()[a]);
        }
        double[] e = new double[example.ladder()];
        double sum = 0;
        for (int a = 0; a < example.ladder(); a++) {
            e[a] = Math.exp((example.values()[a] - max) / temperature);
            sum += e[a];
        }
        float[] p = new float[width];
        for (int a = 0; a < example.ladder(); a++) {
            p[a] = (float) (e[a] / sum);
        }
        return p;
    }
}
