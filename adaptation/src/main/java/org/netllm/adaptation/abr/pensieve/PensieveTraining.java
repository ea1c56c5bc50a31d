package org.netllm.adaptation.abr.pensieve;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.model.Autograd;
import org.netllm.adapt.train.AdamW;
import org.netllm.adapt.train.WeightSnapshot;
import org.netllm.adaptation.abr.LockstepSessions;
import org.netllm.adaptation.abr.ValidationSet;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.pensieve.PensieveNetwork;
import org.netllm.controller.abr.pensieve.PensievePolicy;
import org.netllm.controller.abr.pensieve.PensieveState;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

/**
 * Trains Pensieve's actor-critic in the trace-driven simulator with PPO (clipped surrogate, an entropy bonus decayed
 * linearly as Pensieve decays its entropy weight, a separate critic on the discounted return). Each update plays
 * {@code sessions} whole videos in lockstep in Pensieve's training environment (a random training trace from a random
 * start, ±10 % delay noise), sampling every session's level from one batched forward pass of the actor; then takes
 * {@code ppoEpochs} gradient steps on all their decisions at once. Every {@code validateEvery} updates the greedy
 * actor plays the validation sets in test mode; the best mean QoE is kept. Deterministic for a seed.
 */
public final class PensieveTraining {

    /**
     * One run.
     *
     * @param updates        policy updates (each one batch of sessions)
     * @param sessions       whole videos played per update (the batch of parallel environments)
     * @param ppoEpochs      gradient steps per batch
     * @param actorLr        Adam learning rate of the actor (Pensieve: 1e-4)
     * @param criticLr       Adam learning rate of the critic (Pensieve: 1e-3)
     * @param gamma          discount (Pensieve: 0.99)
     * @param entropyStart   entropy weight at the first update
     * @param entropyEnd     entropy weight at the last update
     * @param clip           PPO's ratio clip
     * @param validateEvery  updates between validations
     * @param seed           seeds initialisation, trace choice, start pointers, noise and sampling
     */
    public record Settings(int updates, int sessions, int ppoEpochs, double actorLr, double criticLr, double gamma,
                           double entropyStart, double entropyEnd, double clip, int validateEvery, long seed) {
        public Settings {
            if (updates < 1 || sessions < 1 || ppoEpochs < 1 || !(actorLr > 0) || !(criticLr > 0)
                    || !(gamma > 0 && gamma <= 1) || !(entropyStart >= 0) || !(entropyEnd >= 0) || !(clip > 0)
                    || validateEvery < 1) {
                throw new IllegalArgumentException("invalid Pensieve settings: updates " + updates + ", sessions "
                        + sessions + ", ppo epochs " + ppoEpochs + ", lr " + actorLr + "/" + criticLr + ", gamma "
                        + gamma + ", entropy " + entropyStart + ".." + entropyEnd + ", clip " + clip
                        + ", validate every " + validateEvery);
            }
        }

        /** The entropy weight at update {@code u} (0-based). */
        double entropyWeight(int u) {
            double share = updates == 1 ? 1.0 : u / (double) (updates - 1);
            return entropyStart + (entropyEnd - entropyStart) * share;
        }
    }

    /** Progress after each update: the update (1-based) and a note (the last validation, speed). */
    @FunctionalInterface
    public interface Progress {
        void update(int update, String note);
    }

    /** One validation: after {@code update} updates ({@code steps} decisions played), the mean session QoE. */
    public record Validation(int update, long steps, double qoe) {
    }

    /**
     * A finished run: the actor with the best validated weights, every validation, the kept update, timing
     * (decisions played and seconds in total, of which playing the sessions and training), and what the
     * environments' curriculum changed, if anything.
     */
    public record Result(PensieveNetwork actor, List<Validation> validations, int bestUpdate, double bestQoe,
                         long steps, long parameters, double seconds, double rolloutSeconds, double trainSeconds,
                         List<String> curriculum) {
        /** Decisions played per second of the whole run, validation included. */
        public double stepsPerSecond() {
            return steps / seconds;
        }
    }

    /** Returns in tens of QoE units, so the critic's targets are of order one. */
    static final double REWARD_SCALE = 0.1;
    /** Global gradient-norm clips of the actor and the critic. */
    static final double ACTOR_CLIP_NORM = 1.0;
    static final double CRITIC_CLIP_NORM = 5.0;
    /** The actor's output weights start this much smaller, so its first policy is near uniform. */
    static final float OUTPUT_INIT_SCALE = 0.01f;

    private static final int STATE = PensieveState.ROWS * PensieveState.HISTORY;
    private static final int LEVELS = PensieveState.LEVELS;

    private PensieveTraining() {
    }

    /**
     * Trains on {@code training} traces streaming {@code video} (which must have {@value PensieveState#LEVELS}
     * levels), validating on {@code validation}.
     *
     * @param manager owns the networks; close it when the actor is no longer needed
     */
    public static Result run(List<Trace> training, Video video, List<ValidationSet> validation, Settings s,
                             Progress progress, NDManager manager) {
        return run(new TrainingEnvironments.Uniform(training), video, validation, s, progress, manager);
    }

    /**
     * Trains on sessions drawn from {@code environments} (a fixed trace set, or a curriculum that widens after
     * updates; its log lines are in the result).
     */
    public static Result run(TrainingEnvironments environments, Video video, List<ValidationSet> validation,
                             Settings s, Progress progress, NDManager manager) {
        if (video.levels() != LEVELS) {
            throw new IllegalArgumentException("Pensieve trains on a " + LEVELS + "-level ladder; video "
                    + video.name() + " has " + video.levels());
        }
        Autograd.disableOnThisThread();
        Engine.getInstance().setRandomSeed((int) s.seed());
        Shape input = new Shape(s.sessions(), PensieveState.ROWS, PensieveState.HISTORY);
        PensieveNetwork actor = new PensieveNetwork(LEVELS);
        actor.initialize(manager, DataType.FLOAT32, input);
        actor.output().getParameters().get("weight").getArray().muli(OUTPUT_INIT_SCALE);
        PensieveNetwork critic = new PensieveNetwork(1);
        critic.initialize(manager, DataType.FLOAT32, input);
        List<Parameter> actorParameters = actor.getParameters().values();
        AdamW actorAdam = new AdamW(actorParameters, manager, 0); // weight decay 0: plain Adam
        AdamW criticAdam = new AdamW(critic.getParameters().values(), manager, 0);
        ParameterStore store = new ParameterStore(manager, false);
        PensievePolicy greedy = new PensievePolicy("pensieve", actor, manager);
        Random random = new Random(s.seed());
        List<Validation> validations = new ArrayList<>();
        List<String> curriculum = new ArrayList<>();
        WeightSnapshot best = null;
        int bestUpdate = 0;
        double bestQoe = Double.NaN;
        long steps = 0;
        double rolloutSeconds = 0;
        double trainSeconds = 0;
        String note = "";
        long start = System.nanoTime();
        for (int u = 0; u < s.updates(); u++) {
            long t0 = System.nanoTime();
            Batch batch = play(environments, video, s, random, actor, store, manager);
            long t1 = System.nanoTime();
            train(batch, s, s.entropyWeight(u), actor, critic, actorAdam, criticAdam, store, manager);
            long t2 = System.nanoTime();
            rolloutSeconds += (t1 - t0) / 1e9;
            trainSeconds += (t2 - t1) / 1e9;
            steps += batch.actions.length;
            int done = u + 1;
            String change = environments.afterUpdate(done, greedy, random);
            if (change != null) {
                curriculum.add("after update " + done + ": " + change);
            }
            if (done % s.validateEvery() == 0 || done == s.updates()) {
                double qoe = validate(greedy, validation);
                validations.add(new Validation(done, steps, qoe));
                if (Double.isFinite(qoe) && (Double.isNaN(bestQoe) || qoe > bestQoe)) {
                    bestQoe = qoe;
                    bestUpdate = done;
                    if (best != null) {
                        best.close();
                    }
                    best = WeightSnapshot.of(actorParameters, manager);
                }
                note = String.format(java.util.Locale.ROOT, "val QoE %.3f best %.3f@%d, %.0f steps/s", qoe, bestQoe,
                        bestUpdate, steps / ((System.nanoTime() - start) / 1e9));
            }
            progress.update(done, note);
        }
        if (best == null) {
            throw new IllegalStateException("Pensieve training diverged: every validation was NaN");
        }
        best.writeTo(actorParameters);
        long count = actorParameters.stream().mapToLong(p -> p.getArray().size()).sum();
        return new Result(actor, validations, bestUpdate, bestQoe, steps, count, (System.nanoTime() - start) / 1e9,
                rolloutSeconds, trainSeconds, curriculum);
    }

    /** Mean session QoE of the greedy actor over every validation session (session-weighted). */
    public static double validate(PensievePolicy policy, List<ValidationSet> validation) {
        double sum = 0;
        int n = 0;
        for (ValidationSet set : validation) {
            List<SessionResult> results = LockstepSessions.play(set.traces(), null, set.video(),
                    (sessions, observations) -> policy.chooseLevels(observations));
            for (SessionResult r : results) {
                sum += r.qoe();
                n++;
            }
        }
        return sum / n;
    }

    /** One update's decisions: states, sampled levels, their log-probabilities then, and discounted returns. */
    private record Batch(float[] states, int[] actions, float[] oldLogProbabilities, float[] returns) {
    }

    /** Plays {@code s.sessions()} videos in lockstep, sampling each level from the actor's batched distribution. */
    private static Batch play(TrainingEnvironments environments, Video video, Settings s, Random random,
                              PensieveNetwork actor, ParameterStore store, NDManager manager) {
        int n = s.sessions();
        List<AbrSimulator> simulators = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Trace trace = environments.next(random);
            int pointer = 1 + random.nextInt(trace.length() - 1);
            simulators.add(new AbrSimulator(trace, video, pointer, new Random(random.nextLong())));
        }
        int decisions = video.chunkCount() - 1;
        float[] states = new float[n * decisions * STATE];
        int[] actions = new int[n * decisions];
        float[] logProbabilities = new float[n * decisions];
        int[] step = {0};
        List<SessionResult> results = AbrSession.play(simulators, video, (sessions, observations) -> {
            int t = step[0]++;
            float[] x = new float[n * STATE];
            for (int i = 0; i < n; i++) {
                PensieveState.write(observations.get(i), x, i * STATE);
            }
            float[] p;
            try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
                NDArray logits = actor.forward(store, new NDList(call.create(x,
                        new Shape(n, PensieveState.ROWS, PensieveState.HISTORY))), false).head();
                p = logits.softmax(1).toFloatArray();
            }
            int[] levels = new int[n];
            for (int i = 0; i < n; i++) {
                int row = i * decisions + t;
                levels[i] = sample(p, i * LEVELS, random.nextDouble());
                actions[row] = levels[i];
                logProbabilities[row] = (float) Math.log(Math.max(p[i * LEVELS + levels[i]], 1e-30f));
                System.arraycopy(x, i * STATE, states, row * STATE, STATE);
            }
            return levels;
        });
        float[] returns = new float[n * decisions];
        for (int i = 0; i < n; i++) {
            List<ChunkDownload> chunks = results.get(i).chunks();
            double g = 0;
            // Decision t chose chunk t + 1; the video's end is terminal, as in Pensieve.
            for (int t = decisions - 1; t >= 0; t--) {
                g = REWARD_SCALE * SessionResult.chunkReward(chunks, t + 1, video, QoeModel.LINEAR) + s.gamma() * g;
                returns[i * decisions + t] = (float) g;
            }
        }
        return new Batch(states, actions, logProbabilities, returns);
    }

    /** The level whose cumulative probability first exceeds {@code u} (the last level if rounding leaves a gap). */
    static int sample(float[] p, int offset, double u) {
        double cumulative = 0;
        for (int level = 0; level < LEVELS; level++) {
            cumulative += p[offset + level];
            if (u < cumulative) {
                return level;
            }
        }
        return LEVELS - 1;
    }

    /** PPO on one batch: advantages from the critic before the update, then {@code ppoEpochs} full-batch steps. */
    private static void train(Batch batch, Settings s, double entropyWeight, PensieveNetwork actor,
                              PensieveNetwork critic, AdamW actorAdam, AdamW criticAdam, ParameterStore store,
                              NDManager manager) {
        int b = batch.actions.length;
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = m.create(batch.states, new Shape(b, PensieveState.ROWS, PensieveState.HISTORY));
            float[] oneHot = new float[b * LEVELS];
            for (int i = 0; i < b; i++) {
                oneHot[i * LEVELS + batch.actions[i]] = 1f;
            }
            NDArray chosen = m.create(oneHot, new Shape(b, LEVELS));
            NDArray oldLogP = m.create(batch.oldLogProbabilities);
            NDArray returns = m.create(batch.returns);
            NDArray advantage = returns.sub(critic.forward(store, new NDList(x), false).head().reshape(b));
            // Normalised per batch, so the clip and the entropy weight mean the same whatever the rewards' scale.
            NDArray centred = advantage.sub(advantage.mean());
            advantage = centred.div(centred.square().mean().sqrt().add(1e-8f));
            for (int epoch = 0; epoch < s.ppoEpochs(); epoch++) {
                try (NDScope inner = new NDScope();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logP = actor.forward(store, new NDList(x), true).head().logSoftmax(1); // (B, 6)
                    NDArray ratio = logP.mul(chosen).sum(new int[] {1}).sub(oldLogP).exp(); // (B)
                    NDArray surrogate = ratio.mul(advantage)
                            .minimum(ratio.clip(1 - s.clip(), 1 + s.clip()).mul(advantage));
                    NDArray entropy = logP.exp().mul(logP).sum(new int[] {1}).neg(); // (B)
                    NDArray actorLoss = surrogate.mean().add(entropy.mean().mul(entropyWeight)).neg();
                    NDArray value = critic.forward(store, new NDList(x), true).head().reshape(b);
                    NDArray criticLoss = value.sub(returns).square().mean();
                    collector.backward(actorLoss.add(criticLoss));
                }
                actorAdam.clippedStep(s.actorLr(), ACTOR_CLIP_NORM);
                criticAdam.clippedStep(s.criticLr(), CRITIC_CLIP_NORM);
            }
        }
    }
}
