package org.netllm.adaptation.abr;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.rl.ReturnConditionedPolicy;
import org.netllm.adapt.rl.TrajectoryWindows;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.RunControl;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingResult;
import org.netllm.backbone.Backbone;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.AbrTask;
import org.netllm.controller.abr.netllm.AbrTaskSettings;
import org.netllm.controller.abr.netllm.NetllmAbrPolicy;
import org.netllm.controller.abr.netllm.ReturnScaling;
import org.netllm.emulation.abr.Trace;

/**
 * Adapts a language model to ABR from an experience pool (NetLLM's DD-LRNA with the return-conditioned
 * pipeline), choosing the kept weights by the mean QoE the adapted policy achieves on validation traces only.
 */
public final class AbrAdaptation {

    /** Episode timesteps the timestep embedding distinguishes (a 48-chunk session has 47 decisions). */
    public static final int MAX_TIMESTEP = 48;

    /**
     * A finished run: the model (holding the best validated weights), its task settings (with the chosen target
     * return), the training log, the validations during training ({step, mean QoE}) and of each candidate target
     * return after it ({target, mean QoE}).
     */
    public record Result(ReturnConditionedAdapter model, AdapterConfig config, AbrTaskSettings task,
                         TrainingResult training, List<double[]> validations, List<double[]> targetValidations) {

        /** Writes the adapter checkpoint (config with the ABR task definition, trained weights) into {@code dir}. */
        public void save(Path dir) {
            try {
                AdapterCheckpoint.save(dir, model, config);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write the adapter to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AbrAdaptation() {
    }

    /** The untrained model for a pool's ladder on a backbone. */
    public static ReturnConditionedAdapter model(Backbone backbone, int levels, ReturnConditioning conditioning,
                                                 NDManager manager) {
        MultimodalEncoder encoder = new MultimodalEncoder(AbrTask.inputs(levels), backbone.spec().hiddenSize(),
                EncoderSettings.defaults());
        NetworkingHead head = NetworkingHead.of(AbrTask.head(levels));
        return new ReturnConditionedAdapter(encoder, backbone, head, conditioning).initialize(manager);
    }

    /**
     * Trains on {@code pool} and validates on {@code validation} (test-mode sessions from pointer 1).
     *
     * @param manager owns the model; close it when the model is no longer needed
     */
    public static Result run(ExperiencePool pool, List<Trace> validation, AdaptationSettings settings,
                             boolean progress, NDManager manager) {
        return run(List.of(pool), List.of(new ValidationSet("validation", pool.video(), validation)), settings,
                progress, manager);
    }

    /**
     * Trains on several pools together (one per training video, say) and validates on every validation set;
     * the validation score is the mean session QoE over all their sessions. The pools share one reward
     * normalisation; the model answers the first pool's ladder levels, so every pool needs as many levels.
     *
     * @param manager owns the model; close it when the model is no longer needed
     */
    public static Result run(List<ExperiencePool> pools, List<ValidationSet> validation, AdaptationSettings settings,
                             boolean progress, NDManager manager) {
        return run(pools, validation, settings, progress, manager, RunControl.none(), null);
    }

    /**
     * Trains as {@link #run(List, List, AdaptationSettings, boolean, NDManager)} under {@code control}: from its
     * saved state if it has one, with the state saved at each validation, and each new best validated model written
     * into {@code out} at once (with the first target return) so it can be used while training goes on. A stopped
     * run returns at once: its {@link Result#training()} says why, and no target return is chosen.
     *
     * @param out where the best validated model so far is kept, or null to keep it only in memory
     */
    public static Result run(List<ExperiencePool> pools, List<ValidationSet> validation, AdaptationSettings settings,
                             boolean progress, NDManager manager, RunControl control, Path out) {
        ExperiencePool first = pools.get(0);
        for (ExperiencePool p : pools) {
            if (p.video().levels() != first.video().levels() || !p.qoe().equals(first.qoe())) {
                throw new InvalidInputException("pools to adapt on together need ladders of as many levels and one"
                        + " QoE model: " + first.video() + " (" + first.qoe() + ") vs " + p.video() + " ("
                        + p.qoe() + ")");
            }
        }
        ReturnScaling scaling = ExperiencePool.returnScaling(pools, settings.state());
        double bestReturn = ExperiencePool.bestReturn(pools, scaling, settings.state());
        List<Double> targets = settings.targetReturns().isEmpty() ? List.of(bestReturn) : settings.targetReturns();
        double target = targets.get(0);
        AbrTaskSettings task = new AbrTaskSettings(first.video().bitratesKbps(), first.qoe(), scaling, target,
                settings.state());
        ReturnConditioning conditioning = new ReturnConditioning(settings.window(), MAX_TIMESTEP, bestReturn);

        List<org.netllm.adapt.rl.Trajectory> trajectories = new ArrayList<>();
        for (ExperiencePool p : pools) {
            trajectories.addAll(AbrTrajectories.of(p, scaling, settings.state()));
        }
        int longest = TrajectoryWindows.longestEpisode(trajectories);
        if (settings.windows() == TrajectoryWindows.Start.EPISODE_START && longest > settings.window()) {
            // A session longer than the window would slide at inference, which session training never shows.
            // Refused before the backbone is loaded.
            throw new InvalidInputException("--context session needs --window of at least " + longest
                    + ", the longest session in the pools, got " + settings.window());
        }
        // return and action tokens around the state's: what ReturnConditionedAdapter.tokensPerStep() will say
        int tokensPerStep = AbrTask.inputs(first.video().levels()).stream().mapToInt(InputSpec::tokens).sum() + 2;
        BackboneChoice choice = settings.backboneChoice(tokensPerStep);
        Backbone backbone = choice.load(manager);
        // The encoder's, head's and embeddings' initial values come from the engine's generator, whose state at
        // process start is not fixed: seeded here, a run is the same in any process, and --seed varies it.
        Engine.getInstance().setRandomSeed((int) settings.seed());
        ReturnConditionedAdapter model = model(backbone, first.video().levels(), conditioning, manager);
        if (model.tokensPerStep() != tokensPerStep) {
            throw new IllegalStateException("the model has " + model.tokensPerStep() + " tokens per step, the"
                    + " attention span was sized for " + tokensPerStep);
        }
        TrajectoryWindows windows = new TrajectoryWindows(trajectories, model.encoder().arrayShapes(), 1,
                conditioning, settings.windows());

        TrainingConfig training = TrainingConfig.defaults(settings.steps(), settings.batchSize())
                .withLearningRate(settings.learningRate())
                .withDecay(settings.decay())
                .withSeed(settings.seed())
                .withValidation(settings.validateEvery() == 0 ? settings.steps() : settings.validateEvery())
                .withAverageDecay(settings.averageDecay());
        if (!progress) {
            training = training.withoutProgress();
        }
        ReturnConditionedPolicy inference = new ReturnConditionedPolicy(model, manager);
        NetllmAbrPolicy policy = new NetllmAbrPolicy("netllm", inference, task, new NetllmAbrPolicy.Decoding.Greedy());
        AdapterConfig firstConfig = new AdapterConfig(AdapterConfig.FORMAT, choice.ref(backbone), settings.mode(),
                model.encoder().inputs(), model.encoder().settings(), model.head().spec(), conditioning,
                JSON.valueToTree(task));
        AbrTaskSettings firstTask = task;
        RunControl keeping = out == null ? control : control.before((step, score, best) -> {
            if (best) {
                new Result(model, firstConfig, firstTask, null, List.of(), List.of()).save(out);
            }
        });
        TrainingResult result = new AdaptationTrainer(model, settings.mode(), training, manager)
                .train(windows, step -> meanQoe(policy, validation), keeping);
        List<double[]> validations = result.validations();
        if (result.stopped()) {
            return new Result(model, firstConfig, firstTask, result, validations, List.of());
        }
        // The target return is chosen like the weights: by validation QoE, never on test traces.
        // The kept weights were validated with the first candidate already; greedy sessions replay exactly.
        List<double[]> targetValidations = new ArrayList<>();
        if (targets.size() > 1) {
            double bestQoe = result.bestScore();
            targetValidations.add(new double[] {target, bestQoe});
            for (double candidate : targets.subList(1, targets.size())) {
                AbrTaskSettings conditioned = task.withTargetReturn(candidate);
                double qoe = meanQoe(new NetllmAbrPolicy("netllm", inference, conditioned,
                        new NetllmAbrPolicy.Decoding.Greedy()), validation);
                targetValidations.add(new double[] {candidate, qoe});
                if (qoe > bestQoe) {
                    bestQoe = qoe;
                    task = conditioned;
                }
            }
        }
        AdapterConfig config = new AdapterConfig(AdapterConfig.FORMAT, choice.ref(backbone),
                settings.mode(), model.encoder().inputs(), model.encoder().settings(), model.head().spec(), conditioning,
                JSON.valueToTree(task));
        return new Result(model, config, task, result, validations, targetValidations);
    }

    /** Mean session QoE of the policy over every session of the validation sets (each set's traces on its video). */
    public static double meanQoe(NetllmAbrPolicy policy, List<ValidationSet> sets) {
        double sum = 0;
        int n = 0;
        for (ValidationSet set : sets) {
            sum += meanQoe(policy, set.traces(), set.video()) * set.traces().size();
            n += set.traces().size();
        }
        return sum / n;
    }

    /** Mean session QoE of the policy on the traces from pointer 1, all sessions decided in lockstep batches. */
    public static double meanQoe(NetllmAbrPolicy policy, List<Trace> traces, Video video) {
        List<NetllmAbrPolicy.Session> sessions = new ArrayList<>(traces.size());
        for (int i = 0; i < traces.size(); i++) {
            sessions.add(policy.newSession());
        }
        return LockstepSessions.meanQoe(LockstepSessions.play(traces, null, video, (ids, observations) -> {
            List<NetllmAbrPolicy.Session> batch = new ArrayList<>(ids.length);
            for (int id : ids) {
                batch.add(sessions.get(id));
            }
            return policy.chooseLevels(batch, observations);
        }));
    }
}
