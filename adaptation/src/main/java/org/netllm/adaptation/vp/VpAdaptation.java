package org.netllm.adaptation.vp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.RunControl;
import org.netllm.adapt.train.SupervisedDataset;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingResult;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.ParameterCounts;
import org.netllm.controller.vp.learned.HistoryFeatures;
import org.netllm.controller.vp.learned.NetllmVpPredictor;
import org.netllm.controller.vp.learned.VpTask;
import org.netllm.emulation.vp.HeadTrace;
import org.netllm.emulation.vp.VpEvaluation;
import org.netllm.emulation.vp.VpSample;
import org.netllm.emulation.vp.VpSamples;
import org.netllm.errors.InvalidInputException;

/**
 * Adapts a language model to viewport prediction (NetLLM's VP task, supervised DD-LRNA): the run's {@link VpLoss}
 * (MSE, the engine's, or L1) on the normalised future offsets, trained on training traces only, the kept weights
 * chosen by pooled MAE on validation samples.
 */
public final class VpAdaptation {

    /** The backbone name of a 2-layer random decoder of width 64 (tests and smoke runs). */
    public static final String TINY = BackboneChoice.TINY;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A finished run: the model (holding the best validated weights), its checkpoint config, the training log and
     * the validations ({step, MAE in degrees}).
     */
    public record Result(SupervisedAdapter model, AdapterConfig config, VpTask task, TrainingResult training,
                         List<double[]> validations, int trainingSamples, long trainableParameters,
                         long parameters) {

        /** Writes the adapter checkpoint (config with the VP task, trained weights) into {@code dir}. */
        public void save(Path dir) {
            try {
                AdapterCheckpoint.save(dir, model, config);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write the adapter to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private VpAdaptation() {
    }

    /**
     * Trains on {@code training} traces and validates on {@code validation} samples.
     *
     * @param manager owns the model; close it when the model is no longer needed
     */
    public static Result run(List<HeadTrace> training, List<VpSample> validation, VpAdaptationSettings settings,
                             boolean progress, NDManager manager) {
        return run(training, validation, settings, progress, manager, RunControl.none(), null);
    }

    /**
     * Trains under {@code control}: from its saved state if it has one, with the state saved at each validation,
     * and each new best validated model written into {@code out} at once. A stopped run returns at once; its
     * {@link Result#training()} says why.
     *
     * @param out where the best validated model so far is kept, or null to keep it only in memory
     */
    public static Result run(List<HeadTrace> training, List<VpSample> validation, VpAdaptationSettings settings,
                             boolean progress, NDManager manager, RunControl control, Path out) {
        if (validation.isEmpty()) {
            throw new InvalidInputException("no validation samples at hw " + settings.hw() + ", pw " + settings.pw());
        }
        VpTask task = VpTask.of(settings.hw(), settings.pw());
        BackboneChoice choice = new BackboneChoice(settings.backbone(), settings.mode(), settings.rank(),
                settings.seed());
        Backbone backbone = choice.load(manager);
        // The encoder's, head's and embeddings' initial values come from the engine's generator, whose state at
        // process start is not fixed: seeded here, a run is the same in any process, and --seed varies it.
        Engine.getInstance().setRandomSeed((int) settings.seed());
        MultimodalEncoder encoder = new MultimodalEncoder(task.inputSpecs(), backbone.spec().hiddenSize(),
                EncoderSettings.defaults());
        SupervisedAdapter model = new SupervisedAdapter(encoder, backbone, NetworkingHead.of(task.head()))
                .initialize(manager);
        // Start from "the head stays where it is" (offsets near 0, a strong guess over 4 s) rather than from
        // random offsets of tens of degrees: scaled-down head weights, zero bias.
        for (var p : model.head().getParameters().values()) {
            p.getArray().muli(p.getName().contains("bias") ? 0f : 0.01f);
        }

        SupervisedDataset data = new SupervisedDataset(encoder.arrayShapes(), task.head().labelWidth());
        for (HeadTrace trace : training) {
            for (VpSample s : VpSamples.dense(trace, settings.hw(), settings.pw(), settings.trainStride())) {
                data.add(task.arrays(s.history()), HistoryFeatures.target(s.history(), s.future()));
            }
        }
        if (data.size() == 0) {
            throw new InvalidInputException("the training traces hold no window of hw " + settings.hw() + " + pw "
                    + settings.pw() + " samples");
        }
        TrainingConfig config = TrainingConfig.defaults(settings.steps(), settings.batchSize())
                .withLearningRate(settings.learningRate())
                .withDecay(settings.decay())
                .withSeed(settings.seed())
                .withValidation(settings.validateEvery() == 0 ? settings.steps() : settings.validateEvery())
                .withAverageDecay(settings.averageDecay());
        if (!progress) {
            config = config.withoutProgress();
        }
        NetllmVpPredictor predictor = new NetllmVpPredictor("netllm", model, task, manager);
        AdaptationTrainer trainer = new AdaptationTrainer(new VpTrainingModel(model, settings.loss()), settings.mode(),
                config, manager);
        ParameterCounts counts = trainer.parameterCounts();
        AdapterConfig adapterConfig = new AdapterConfig(AdapterConfig.FORMAT,
                choice.ref(backbone), settings.mode(), encoder.inputs(),
                encoder.settings(), task.head(), null, JSON.valueToTree(task));
        RunControl keeping = out == null ? control : control.before((step, score, best) -> {
            if (best) {
                new Result(model, adapterConfig, task, null, List.of(), 0, 0, 0).save(out);
            }
        });
        // higher is better: the trainer's scores are negated MAEs
        TrainingResult result = trainer.train(data,
                step -> -VpEvaluation.score(predictor, validation, settings.pw()).mae(), keeping);
        List<double[]> validations = result.validations().stream().map(v -> new double[] {v[0], -v[1]}).toList();
        return new Result(model, adapterConfig, task, result, validations, data.size(), counts.trainable(),
                counts.total());
    }
}
