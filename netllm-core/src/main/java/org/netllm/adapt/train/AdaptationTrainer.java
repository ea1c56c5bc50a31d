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
        var progress = config.progress() ? new ProgressBar("train", config.steps()) : null;
        List<Double> losses = new ArrayList<>(config.steps());
        WeightSnapshot best = null;
        int bestStep = config.steps();
        double bestScore = Double.NaN;
        String note = "";
        int skipped = 0;
        long start = System.nanoTime();
        WeightAverage average = config.averageDecay() > 0
                ? new WeightAverage(trainable, config.averageDecay(), manager) : null;
        try {
            for (int step = 0; step < config.steps(); step++) {
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
                if (validation != null && config.validateEvery() > 0
                        && (done % config.validateEvery() == 0 || done == config.steps())) {
                    if (average != null) {
                        average.swapIn();
                    }
                    double score = validation.score(done);
                    LOG.info("step [{}] loss [{}] validation score [{}]", done, loss, score);
                    if (Double.isNaN(bestScore) || score > bestScore) {
                        bestScore = score;
                        bestStep = done;
                        if (best != null) {
                            best.close();
                        }
                        best = WeightSnapshot.of(trainable, manager);
                    }
                    if (average != null) {
                        average.restore();
                    }
                    note = String.format("val %.4f best %.4f@%d", score, bestScore, bestStep);
                }
                if (progress != null) {
                    progress.advanceTo(done, String.format("loss %.4f %.2f s/step %s", loss,
                            progress.secondsPerStep(), note));
                }
            }
            if (progress != null) {
                progress.finish();
            }
            if (best == null && average != null) {
                average.adopt(); // no validation: the result is the average
            }
        } finally {
            if (average != null) {
                average.close();
            }
        }
        if (best != null) {
            best.writeTo(trainable);
            best.close();
        }
        return new TrainingResult(List.copyOf(losses), bestStep, bestScore, (System.nanoTime() - start) / 1e9);
    }
}
