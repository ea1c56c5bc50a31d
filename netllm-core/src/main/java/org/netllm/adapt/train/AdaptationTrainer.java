package org.netllm.adapt.train;

import org.netllm.backbone.ParameterCounts;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.netllm.adapt.ProgressBar;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.model.AdaptedModel;
import org.netllm.adapt.model.Autograd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DD-LRNA's training loop: freezes what the mode keeps fixed, then runs AdamW with linear warmup, global
 * gradient-norm clipping and gradient accumulation; validates periodically (the weights, or their moving average
 * when the config asks for one) and keeps the best weights.
 *
 * <p>Each micro-batch is one forward and one backward pass; every array of a step lives in a sub-manager or an
 * {@code NDScope} that ends with the step. Not threadsafe; PyTorch allows one gradient collector per process.
 */
public final class AdaptationTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AdaptationTrainer.class);

    private static final int MAX_SKIPPED_IN_A_ROW = 5;

    private final AdaptedModel model;
    private final AdaptationMode mode;
    private final TrainingConfig config;
    private final NDManager manager;
    private final List<Parameter> trainable;

    /**
     * @param manager owns the optimizer state and best-weights snapshot; close it after training
     */
    public AdaptationTrainer(AdaptedModel model, AdaptationMode mode, TrainingConfig config, NDManager manager) {
        this.model = model;
        this.mode = mode;
        this.config = config;
        this.manager = manager;
        this.trainable = selectTrainable(model, mode);
    }

    /** The parameters the mode trains: everything outside the backbone, and the backbone's as the mode says. */
    public static List<Parameter> selectTrainable(AdaptedModel model, AdaptationMode mode) {
        Set<Parameter> backbone = Collections.newSetFromMap(new IdentityHashMap<>());
        backbone.addAll(model.backbone().getParameters().values());
        boolean hasLora = model.backbone().getParameters().keys().stream().anyMatch(AdaptationMode::isLoraParameter);
        if (mode.usesLora() && !hasLora) {
            throw new IllegalArgumentException("adaptation mode " + mode + " needs a backbone built with LoRA, but "
                    + "none of " + model.backbone().spec().id() + "'s parameters is named lora_A or lora_B");
        }
        var chosen = new ArrayList<Parameter>();
        for (var entry : model.getParameters()) {
            Parameter p = entry.getValue();
            boolean train = !backbone.contains(p) || mode.trainsBackboneParameter(entry.getKey());
            if (train) {
                chosen.add(p);
            }
        }
        return chosen;
    }

    /** The parameters this trainer updates. */
    public List<Parameter> trainableParameters() {
        return trainable;
    }

    /** Counts of trainable and all parameters (elements). */
    public ParameterCounts parameterCounts() {
        return counts(model, trainable);
    }

    /** Counts of the parameters {@code mode} trains in {@code model}, and of all of them (elements). */
    public static ParameterCounts parameterCounts(AdaptedModel model, AdaptationMode mode) {
        return counts(model, selectTrainable(model, mode));
    }

    private static ParameterCounts counts(AdaptedModel model, List<Parameter> trainable) {
        Set<Parameter> train = Collections.newSetFromMap(new IdentityHashMap<>());
        train.addAll(trainable);
        return ParameterCounts.of(model.getParameters(), (name, p) -> train.contains(p));
    }

    /** Trains; {@code validation} may be null. On return the model holds the best validated weights. */
    public TrainingResult train(BatchSampler data, Validation validation) {
        return train(data, validation, RunControl.none());
    }

    /**
     * Trains under {@code control}: from its saved state if it has one, writing the state at each validation and
     * when stopped early. On a finished run the model holds the best validated weights; on a stopped one
     * ({@link TrainingResult#stopped()}) it holds the last step's, and the state to go on from is saved.
     */
    public TrainingResult train(BatchSampler data, Validation validation, RunControl control) {
        Autograd.disableOnThisThread();
        Engine.getInstance().setRandomSeed((int) config.seed());
        Set<Parameter> train = Collections.newSetFromMap(new IdentityHashMap<>());
        train.addAll(trainable);
        // Freeze after construction of anything that might unfreeze (DJL trainers do).
        for (var p : model.getParameters().values()) {
            p.freeze(!train.contains(p));
        }
        var optimizer = new AdamW(trainable, manager, config.weightDecay());
        var store = new ParameterStore(manager, false);
        var random = new Random(config.seed());
        List<Double> losses = new ArrayList<>(config.steps());
        List<double[]> validations = new ArrayList<>();
        WeightSnapshot best = null;
        int bestStep = config.steps();
        double bestScore = Double.NaN;
        String note = "";
        int skipped = 0;
        int first = 0;
        long start = System.nanoTime();
        WeightAverage average = config.averageDecay() > 0
                ? new WeightAverage(trainable, config.averageDecay(), manager) : null;
        TrainingState from = control.resumeFrom();
        if (from != null) {
            checkSameParameters(from);
            if (from.step() > config.steps()) {
                throw new IllegalArgumentException("the saved run has done " + from.step() + " steps, more than the "
                        + config.steps() + " asked for");
            }
            if ((from.average() != null) != (average != null)) {
                throw new IllegalArgumentException("the saved run " + (from.average() != null ? "keeps" : "keeps no")
                        + " weight average, this one " + (average != null ? "does" : "does not"));
            }
            try (WeightSnapshot saved = WeightSnapshot.ofSaved(from.weights(), manager)) {
                saved.writeTo(trainable);
            }
            optimizer.restore(from.adam());
            if (average != null) {
                average.restoreFrom(from.average());
            }
            if (from.best() != null) {
                best = WeightSnapshot.ofSaved(from.best(), manager);
                bestStep = from.bestStep();
                bestScore = from.bestScore();
                note = String.format("best %.4f@%d", bestScore, bestStep);
            }
            skipped = from.skipped();
            random = ResumeFolder.restore(from.sampler());
            losses.addAll(from.losses());
            validations.addAll(from.validations());
            first = from.step();
        }
        var progress = config.progress() ? new ProgressBar("train", config.steps()) : null;
        if (progress != null && first > 0) {
            progress.resumeAt(first);
        }
        String stopped = null;
        try {
            for (int step = first; step < config.steps(); step++) {
                // One generator state per step (dropout, noise), so a resumed run draws what an unbroken one does.
                Engine.getInstance().setRandomSeed(stepSeed(config.seed(), step));
                double loss = 0;
                for (int micro = 0; micro < config.accumulation(); micro++) {
                    try (NDManager batchManager = manager.newSubManager(); NDScope scope = new NDScope()) {
                        var batch = data.sample(batchManager, random, config.batchSize());
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray l = model.loss(store, batch);
                            collector.backward(config.accumulation() == 1 ? l : l.div(config.accumulation()));
                            loss += l.getFloat();
                        }
                    }
                }
                loss /= config.accumulation();
                losses.add(loss);
                try (NDScope scope = new NDScope()) {
                    double norm = optimizer.gradientNorm();
                    LOG.debug("step [{}] loss [{}] gradient norm [{}]", step + 1, loss, norm);
                    if (!Double.isFinite(norm) || !Double.isFinite(loss)) {
                        // One bad batch should not end a long run; a streak of them means divergence.
                        optimizer.zeroGradients();
                        skipped++;
                        LOG.warn("step [{}] skipped: loss [{}] gradient norm [{}]", step + 1, loss, norm);
                        if (skipped >= MAX_SKIPPED_IN_A_ROW) {
                            throw new TrainingDivergedException("training diverged at step " + (step + 1)
                                    + " (loss " + loss + ", gradient norm " + norm + " for " + skipped
                                    + " steps in a row); lower the learning rate");
                        }
                    } else {
                        skipped = 0;
                        double scale = config.clipNorm() > 0 && norm > config.clipNorm()
                                ? config.clipNorm() / norm : 1.0;
                        optimizer.step(config.learningRateAt(step), scale);
                        if (average != null) {
                            average.update();
                        }
                    }
                }
                int done = step + 1;
                boolean validated = validation != null && config.validateEvery() > 0
                        && (done % config.validateEvery() == 0 || done == config.steps());
                if (validated) {
                    if (average != null) {
                        average.swapIn();
                    }
                    double score = validation.score(done);
                    validations.add(new double[] {done, score});
                    LOG.info("step [{}] loss [{}] validation score [{}]", done, loss, score);
                    boolean better = Double.isNaN(bestScore) || score > bestScore;
                    if (better) {
                        bestScore = score;
                        bestStep = done;
                        if (best != null) {
                            best.close();
                        }
                        best = WeightSnapshot.of(trainable, manager);
                    }
                    control.validated().validated(done, score, better);
                    if (average != null) {
                        average.restore();
                    }
                    note = String.format("val %.4f best %.4f@%d", score, bestScore, bestStep);
                }
                if (progress != null) {
                    progress.advanceTo(done, String.format("loss %.4f %.2f s/step %s", loss,
                            progress.secondsPerStep(), note));
                }
                stopped = done == config.steps() ? null
                        : validated ? control.stop().atValidation() : control.stop().afterStep();
                if (control.folder() != null && (validated || stopped != null)) {
                    control.folder().write(new TrainingState(done, parameterNames(), WeightSnapshot.tensorsOf(
                            trainable.stream().map(Parameter::getArray).toList()), optimizer.state(),
                            average == null ? null : average.state(), best == null ? null : best.tensors(), bestStep,
                            bestScore, skipped, ResumeFolder.save(random), List.copyOf(losses),
                            List.copyOf(validations)));
                }
                if (stopped != null) {
                    break;
                }
            }
            if (progress != null) {
                progress.finish();
            }
            if (stopped == null && best == null && average != null) {
                average.adopt(); // no validation: the result is the average
            }
        } finally {
            if (average != null) {
                average.close();
            }
        }
        if (best != null) {
            if (stopped == null) {
                best.writeTo(trainable);
            }
            best.close();
        }
        return new TrainingResult(List.copyOf(losses), bestStep, bestScore, (System.nanoTime() - start) / 1e9,
                List.copyOf(validations), stopped);
    }

    /** The engine seed of a 0-based step: the same for a step whether the run was interrupted before it or not. */
    static int stepSeed(long seed, int step) {
        return (int) (seed * 1_000_003L + step);
    }

    private List<String> parameterNames() {
        var byIdentity = new IdentityHashMap<Parameter, String>();
        for (var entry : model.getParameters()) {
            byIdentity.put(entry.getValue(), entry.getKey());
        }
        return trainable.stream().map(byIdentity::get).toList();
    }

    private void checkSameParameters(TrainingState from) {
        List<String> names = parameterNames();
        if (!names.equals(from.parameters())) {
            throw new IllegalArgumentException("the saved run trained other parameters (" + from.parameters().size()
                    + ", this model " + names.size() + "): it was made with another backbone, mode or model");
        }
        for (int i = 0; i < trainable.size(); i++) {
            long[] shape = trainable.get(i).getArray().getShape().getShape();
            if (!java.util.Arrays.equals(shape, from.weights().get(i).shape())) {
                throw new IllegalArgumentException("the saved run's " + names.get(i) + " has shape "
                        + java.util.Arrays.toString(from.weights().get(i).shape()) + ", this model's "
                        + java.util.Arrays.toString(shape));
            }
        }
    }
}
