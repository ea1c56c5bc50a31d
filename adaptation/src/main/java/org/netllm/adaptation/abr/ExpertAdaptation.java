package org.netllm.adaptation.abr;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.checkpoint.AdapterCheckpoint;
import org.netllm.adapt.checkpoint.AdapterConfig;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.checkpoint.BackboneRef;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.SupervisedAdapter;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.SupervisedDataset;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.adapt.train.TrainingResult;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.ParameterCounts;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.netllm.AbrImitationTask;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.AbrWorld;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.errors.InvalidInputException;

/**
 * Adapts a language model to imitate an ABR expert (the {@code expert} objective; DAgger's round 0 is behaviour
 * cloning on {@link ExpertLabels}): the supervised pipeline over one observation's six state tokens, trained with
 * {@link ExpertLoss}, the kept weights chosen by mean QoE on validation sessions of the world only.
 */
public final class ExpertAdaptation {

    /**
     * One run.
     *
     * @param backbone      as for {@code abr adapt}
     * @param mode          which weights train
     * @param rank          LoRA rank
     * @param steps         optimizer steps
     * @param batchSize     examples per step
     * @param learningRate  peak learning rate
     * @param decay         the learning rate after warmup
     * @param validateEvery steps between validations (0: only at the end)
     * @param seed          seeds adapters, head and sampling
     * @param state         the state definition the model reads
     * @param levels        the head's positions: the most levels a ladder may have
     * @param softWeight    weight of the soft target (0: cross-entropy on the expert's choice only)
     * @param temperature   the soft target's softmax temperature, in QoE units of the expert's values
     * @param loss          cross-entropy on the choice and soft target, or regression on the advantages
     * @param averageDecay  decay of the moving average of the weights that validation scores and the checkpoint
     *                      keeps (0: each step's own weights)
     */
    public record Settings(String backbone, AdaptationMode mode, int rank, int steps, int batchSize,
                           double learningRate, LearningRateDecay decay, int validateEvery, long seed,
                           AbrStateDefinition state, int levels, double softWeight, double temperature,
                           ExpertLoss.Kind loss, double averageDecay) {

        public Settings {
            if (rank < 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || validateEvery < 0 || levels < 2
                    || !(softWeight >= 0 && softWeight <= 1) || !(temperature > 0) || loss == null
                    || !(averageDecay >= 0 && averageDecay < 1)) {
                throw new IllegalArgumentException("invalid expert-objective settings: rank " + rank + ", steps "
                        + steps + ", batch " + batchSize + ", lr " + learningRate + ", levels " + levels
                        + ", soft weight " + softWeight + ", temperature " + temperature + ", weight average "
                        + averageDecay);
            }
        }
    }

    /** A finished run: the model holding the best validated weights, and what happened. */
    public record Result(SupervisedAdapter model, AdapterConfig config, AbrImitationTask task,
                         TrainingResult training, List<double[]> validations, int examples, ParameterCounts counts) {

        public void save(Path dir) {
            try {
                AdapterCheckpoint.save(dir, model, config);
            } catch (IOException e) {
                throw new InvalidInputException("cannot write the adapter to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpertAdaptation() {
    }

    /**
     * Trains on the labelled examples, starting from the weights of the imitation checkpoint {@code from} (a
     * previous DAgger round; null: a fresh model), and validates on {@code validation}.
     *
     * @param manager owns the model; close it when the model is no longer needed
     */
    public static Result run(List<ExpertLabels.Example> examples, List<AbrWorld.Session> validation,
                             Settings settings, Path from, boolean progress, NDManager manager) {
        if (examples.isEmpty() || validation.isEmpty()) {
            throw new InvalidInputException("the expert objective needs labelled examples and validation sessions,"
                    + " got " + examples.size() + " and " + validation.size());
        }
        AbrImitationTask task = AbrImitationTask.of(settings.levels(), settings.state());
        SupervisedAdapter model;
        BackboneRef backboneRef;
        if (from == null) {
            BackboneChoice choice = new BackboneChoice(settings.backbone(), settings.mode(), settings.rank(),
                    settings.seed());
            Backbone backbone = choice.load(manager);
            MultimodalEncoder fresh = new MultimodalEncoder(task.inputs(), backbone.spec().hiddenSize(),
                    EncoderSettings.defaults());
            model = new SupervisedAdapter(fresh, backbone, NetworkingHead.of(task.head())).initialize(manager);
            backboneRef = choice.ref(backbone);
        } else {
            AdapterConfig previous = AdapterCheckpoint.readConfig(from);
            if (!NetllmImitationPolicy.isImitation(previous) || !JSON.valueToTree(task).equals(previous.task())
                    || previous.mode() != settings.mode()) {
                throw new InvalidInputException("--from " + from + " is not an imitation model of this task and"
                        + " mode (" + task + ", " + settings.mode() + "); its task is " + previous.task());
            }
            model = (SupervisedAdapter) AdapterCheckpoint.load(from, manager);
            backboneRef = previous.backbone();
        }
        MultimodalEncoder encoder = model.encoder();
        SupervisedDataset data = new SupervisedDataset(encoder.arrayShapes(), 1 + 3 * settings.levels());
        for (ExpertLabels.Example e : examples) {
            data.add(e.arrays(), ExpertLoss.label(e.choice(), ExpertLabels.softTarget(e, settings.temperature(),
                    settings.levels()), task.valid(e.ladder()), e.values()));
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
        NetllmImitationPolicy policy = new NetllmImitationPolicy("netllm", model, task, manager);
        List<double[]> validations = new ArrayList<>();
        AdaptationTrainer trainer = new AdaptationTrainer(new ExpertLoss(model, settings.levels(),
                settings.softWeight(), settings.loss()), settings.mode(), config, manager);
        ParameterCounts counts = trainer.parameterCounts();
        TrainingResult result = trainer.train(data, step -> {
            double qoe = meanQoe(policy, validation);
            validations.add(new double[] {step, qoe});
            return qoe;
        });
        AdapterConfig adapterConfig = new AdapterConfig(AdapterConfig.FORMAT, backboneRef, settings.mode(),
                encoder.inputs(), encoder.settings(), task.head(), null, JSON.valueToTree(task));
        return new Result(model, adapterConfig, task, result, validations, examples.size(), counts);
    }

    /** Mean session QoE of the policy on the world's sessions, every chunk of all sessions decided in one pass. */
    public static double meanQoe(NetllmImitationPolicy policy, List<AbrWorld.Session> sessions) {
        int n = sessions.size();
        List<AbrSimulator> simulators = new ArrayList<>(n);
        List<List<ChunkDownload>> histories = new ArrayList<>(n);
        for (AbrWorld.Session s : sessions) {
            AbrSimulator simulator = new AbrSimulator(s.link(), s.video(), s.startPointer());
            List<ChunkDownload> history = new ArrayList<>();
            history.add(simulator.download(0));
            simulators.add(simulator);
            histories.add(history);
        }
        // Every video of the world has the same chunk count, so all sessions finish together.
        while (!simulators.get(0).finished()) {
            List<AbrObservation> observations = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                observations.add(AbrObservation.after(histories.get(i), sessions.get(i).video()));
            }
            int[] levels = policy.chooseLevels(observations);
            for (int i = 0; i < n; i++) {
                histories.get(i).add(simulators.get(i).download(levels[i]));
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += SessionResult.score(histories.get(i), sessions.get(i).video(), QoeModel.LINEAR).qoe();
        }
        return sum / n;
    }
}
