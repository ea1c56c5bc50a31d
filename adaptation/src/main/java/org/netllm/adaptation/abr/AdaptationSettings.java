package org.netllm.adaptation.abr;

import java.util.OptionalDouble;
import org.netllm.adapt.AdaptationMode;

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
 * @param validateEvery     steps between validations on the validation traces (0: only at the end)
 * @param targetReturn      the return sessions are conditioned on, in normalised-reward units; empty: the pool's
 *                          best session return
 * @param seed              seeds the backbone's adapters, the heads, batch sampling and dropout
 */
public record AdaptationSettings(String backbone, AdaptationMode mode, int rank, int window, int steps, int batchSize,
                                 double learningRate, int validateEvery, OptionalDouble targetReturn, long seed) {

    public AdaptationSettings {
        if (rank < 1 || window < 1 || steps < 1 || batchSize < 1 || !(learningRate > 0) || validateEvery < 0) {
            throw new IllegalArgumentException("invalid adaptation settings: rank " + rank + ", window " + window
                    + ", steps " + steps + ", batch " + batchSize + ", lr " + learningRate + ", validate every "
                    + validateEvery);
        }
    }
}
