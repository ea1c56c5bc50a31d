package org.netllm.adaptation.cjs;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.RunControl;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingResult;
import org.netllm.backbone.Backbone;
import org.netllm.controller.cjs.learned.CjsCheckpoint;
import org.netllm.controller.cjs.learned.CjsCheckpointConfig;
import org.netllm.controller.cjs.learned.CjsConditioning;
import org.netllm.controller.cjs.learned.CjsDecoding;
import org.netllm.controller.cjs.learned.CjsModel;
import org.netllm.controller.cjs.learned.CjsModelSettings;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsEvaluation;
import org.netllm.emulation.cjs.EpisodeResult;
import org.netllm.emulation.cjs.TpchLibrary;

/**
 * Return-conditioned adaptation of a language model to CJS from an experience pool, on the engine's trainer:
 * windows of logged decisions, the stage and executor cross-entropies, keep-best by the mean average JCT of the
 * scheduler on the validation episodes (greedy, or at the selection's decoding), then the target return and the
 * decoding chosen the same way.
 */
public final class CjsAdaptation {

    private CjsAdaptation() {
    }

    /**
     * A finished run.
     *
     * @param model             holding the best validated weights
     * @param config            what the checkpoint records (with the chosen target)
     * @param training          the trainer's log
     * @param validations       {step, mean average JCT (s)} during training
     * @param targetValidations {target, mean average JCT (s)} of each candidate target after training
     * @param decodingValidations each candidate decoding at the kept target, in the order given
     * @param keptMeanAvgJctS   the validation mean average JCT (s) of what the checkpoint records: the kept weights,
     *                          target and decoding
     */
    public record Result(CjsModel model, CjsCheckpointConfig config, TrainingResult training,
                         List<double[]> validations, List<double[]> targetValidations,
                         List<DecodingValidation> decodingValidations, double keptMeanAvgJctS) {

        /** Writes the checkpoint. */
        public void save(Path dir) {
            try {
                CjsCheckpoint.save(dir, model, config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the CJS model to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** A candidate decoding and its mean average JCT (s) on the validation episodes. */
    public record DecodingValidation(CjsDecoding decoding, double meanAvgJctS) {
    }

    /**
     * Trains.
     *
     * @param validation episodes for model selection (validation seeds, never test seeds)
     */
    public static Result run(CjsExperiencePool pool, List<CjsEpisode.Setup> validation, TpchLibrary library,
                             CjsAdaptationSettings s, boolean progress, NDManager manager) {
        return run(pool, validation, library, s, progress, manager, RunControl.none(), null);
    }

    /**
     * Trains under {@code control}: from its saved state if it has one, with the state saved at each validation,
     * and each new best validated model written into {@code out} at once (with the first target return and the
     * selection's decoding), usable while training goes on. A stopped run returns at once: its
     * {@link Result#training()} says why, and neither target nor decoding is chosen.
     *
     * @param out where the best validated model so far is kept, or null to keep it only in memory
     */
    public static Result run(CjsExperiencePool pool, List<CjsEpisode.Setup> validation, TpchLibrary library,
                             CjsAdaptationSettings s, boolean progress, NDManager manager, RunControl control,
                             Path out) {
        CjsTrajectories trajectories = CjsTrajectories.of(pool, s.normalisation());
        BackboneChoice choice = new BackboneChoice(s.backbone(), s.mode(), s.rank(), s.seed());
        Backbone backbone = choice.load(manager);
        // The encoder's, head's and embeddings' initial values come from the engine's generator, whose state at
        // process start is not fixed: seeded here, a run is the same in any process, and --seed varies it.
        Engine.getInstance().setRandomSeed((int) s.seed());
        CjsModelSettings settings = CjsModelSettings.of(pool.executors(), s.window());
        CjsModel model = new CjsModel(backbone, settings).initialize(manager);
        List<Double> targets = s.targetReturns().isEmpty() ? List.of(trajectories.bestReturn()) : s.targetReturns();
        CjsConditioning conditioning = trajectories.conditioning().withTarget(targets.get(0));
        TrainingConfig config = TrainingConfig.builder(s.steps(), s.batch()).learningRate(s.learningRate())
                .seed(s.seed()).validateEvery(s.validateEvery() == 0 ? s.steps() : s.validateEvery())
                .progress(progress).decay(s.decay()).averageDecay(s.averageDecay()).build();
        // Every validation figure: the model as it stands, at a decoding and a target.
        ToDoubleBiFunction<CjsDecoding, Double> validated = (d, r) -> meanAvgJctS(d.applyTo(
                new NetllmCjsScheduler("netllm", model, conditioning.withTarget(r), manager)), validation,
                library, s.validThreads());
        CjsCheckpointConfig firstCheckpoint = new CjsCheckpointConfig(CjsCheckpointConfig.FORMAT,
                choice.ref(backbone), s.mode(), settings, conditioning, s.selection().recordedDecoding(),
                s.selection().recordedTemperature());
        RunControl keeping = out == null ? control : control.before((step, score, best) -> {
            if (best) {
                new Result(model, firstCheckpoint, null, List.of(), List.of(), List.of(), -score).save(out);
            }
        });
        TrainingResult result;
        try (NDManager trainerManager = manager.newSubManager()) {
            result = new AdaptationTrainer(model, s.mode(), config, trainerManager).train(
                    new CjsWindowSampler(trajectories, settings),
                    step -> -validated.applyAsDouble(s.selection(), targets.get(0)), keeping);
        }
        // the trainer scores higher-is-better: its scores are negated mean average JCTs
        List<double[]> validations = result.validations().stream().map(v -> new double[] {v[0], -v[1]}).toList();
        if (result.stopped()) {
            return new Result(model, firstCheckpoint, result, validations, List.of(), List.of(), -result.bestScore());
        }
        // The target is chosen like the weights: on the validation episodes, never on test seeds.
        double target = targets.get(0);
        // at the selection's decoding, and at the kept target once the loop is done
        double selectedJct = -result.bestScore();
        List<double[]> targetValidations = new ArrayList<>();
        if (targets.size() > 1) {
            targetValidations.add(new double[] {target, selectedJct});
            for (double candidate : targets.subList(1, targets.size())) {
                double jct = validated.applyAsDouble(s.selection(), candidate);
                targetValidations.add(new double[] {candidate, jct});
                if (jct < selectedJct) {
                    selectedJct = jct;
                    target = candidate;
                }
            }
        }
        // Then the decoding, at the kept target: sampling sharpened by a temperature can beat the argmax (as
        // sampled Decima beats greedy Decima), and short and long episodes disagree on it, so it is measured.
        CjsDecoding decoding = s.selection();
        double bestJct = selectedJct;
        List<DecodingValidation> decodingValidations = new ArrayList<>();
        for (CjsDecoding candidate : s.decodings()) {
            double jct = candidate.equals(s.selection()) ? selectedJct
                    : validated.applyAsDouble(candidate, target);
            decodingValidations.add(new DecodingValidation(candidate, jct));
            if (jct < bestJct) {
                bestJct = jct;
                decoding = candidate;
            }
        }
        CjsCheckpointConfig checkpoint = new CjsCheckpointConfig(CjsCheckpointConfig.FORMAT, choice.ref(backbone),
                s.mode(), settings, conditioning.withTarget(target), decoding.recordedDecoding(),
                decoding.recordedTemperature());
        return new Result(model, checkpoint, result, validations, targetValidations, decodingValidations, bestJct);
    }

    /** The mean over {@code episodes} of the scheduler's average JCT (s), {@code threads} episodes at a time. */
    public static double meanAvgJctS(NetllmCjsScheduler scheduler, List<CjsEpisode.Setup> episodes,
                                     TpchLibrary library, int threads) {
        // Each episode owns its draws, so the figure does not depend on the thread count.
        return CjsEvaluation.run(List.of(scheduler), episodes, library, Math.min(threads, episodes.size()),
                CjsEvaluation.OccupancyRecording.NONE, (done, total) -> { }).stream()
                .mapToDouble(EpisodeResult::avgJctS).average().orElseThrow();
    }
}
