package org.netllm.adaptation.abr;

import java.util.List;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.checkpoint.BackboneChoice;
import org.netllm.adapt.rl.TrajectoryWindows;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.controller.abr.netllm.AbrStateDefinition;

/**
 * One ABR adaptation run.
 *
 * @param backbone          {@code bge-small}, {@code minilm}, a Hugging Face checkpoint directory, or {@code tiny}
 *                          (a 2-layer random decoder of width 64, for tests and smoke runs)
 * @param mode              LoRA (default), frozen, full fine-tuning or random-init backbone
 * @param rank              LoRA rank r (alpha = 2r, query and value projections)
 * @param window            steps of context w
 * @param steps             optimizer steps
 * @param batchSize         windows per step
 * @param learningRate      peak AdamW learning rate
 * @param decay             what the learning rate does after warmup
 * @param validateEvery     steps between validations on the validation traces (0: only at the end)
 * @param targetReturns     candidate returns sessions are conditioned on, in normalised-reward units; after
 *                          training each is scored on the validation traces and the best is kept (the first one
 *                          is used during training's validations); empty: the pool's best session return
 * @param seed              seeds the backbone's adapters, the heads, batch sampling and dropout
 * @param state             the state definition the model reads (recorded in the checkpoint)
 * @param windows           where training windows start: anywhere (NetLLM's, for the sliding context) or at the
 *                          session's first step (the whole session as one growing, cacheable context; the window
 *                          must then hold the longest session)
 * @param averageDecay      decay of the moving average of the weights that validation scores and the checkpoint
 *                          keeps (0: each step's own weights, as NetLLM)
 * @param attentionSpan     steps' worth of tokens each token attends in every layer, up to itself (0: the whole
 *                          window). With session windows attention stays local, as in the sliding window, while
 *                          every step keeps its position, so the session's key/value cache stays exact
 */
public record AdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batchSize,
                                 double learningRate, LearningRateDecay decay, int validateEvery,
                                 List<Double> targetReturns, long seed,
                                 AbrStateDefinition state, TrajectoryWindows.Start windows, double averageDecay,
                                 int attentionSpan) {

    /** Settings whose tokens attend the whole window. */
    public AdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batchSize,
                              double learningRate, LearningRateDecay decay, int validateEvery,
                              List<Double> targetReturns, long seed, AbrStateDefinition state,
                              TrajectoryWindows.Start windows, double averageDecay) {
        this(backbone, mode, rank, window, steps, batchSize, learningRate, decay, validateEvery, targetReturns, seed,
                state, windows, averageDecay, 0);
    }

    /** Settings with NetLLM's windows (starting anywhere). */
    public AdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batchSize,
                              double learningRate, LearningRateDecay decay, int validateEvery,
                              List<Double> targetReturns, long seed, AbrStateDefinition state) {
        this(backbone, mode, rank, window, steps, batchSize, learningRate, decay, validateEvery, targetReturns, seed,
                state, TrajectoryWindows.Start.ANYWHERE, 0);
    }

    public AdaptationSettings {
        targetReturns = List.copyOf(targetReturns);
        state = state == null ? AbrStateDefinition.NETLLM : state;
        windows = windows == null ? TrajectoryWindows.Start.ANYWHERE : windows;
        if (rank < 1 || window < 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || validateEvery < 0
                || targetReturns.stream().anyMatch(t -> !(t > 0))) {
            throw new IllegalArgumentException("invalid adaptation settings: rank " + rank + ", window " + window
                    + ", steps " + steps + ", batch " + batchSize + ", lr " + learningRate + ", validate every "
                    + validateEvery + ", target returns " + targetReturns + " (each must be > 0)");
        }
        TrainingConfig.requireAverageDecay(averageDecay);
        if (attentionSpan < 0 || attentionSpan > window) {
            throw new IllegalArgumentException("attention span " + attentionSpan + " must be between 0 (the whole"
                    + " window) and the window, " + window);
        }
    }

    /** The backbone this run starts from, for a model of {@code tokensPerStep} tokens per step. */
    public BackboneChoice backboneChoice(int tokensPerStep) {
        return new BackboneChoice(backbone, mode, rank, seed, attentionSpan * tokensPerStep);
    }
}
