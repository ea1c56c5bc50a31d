package org.netllm.emulation.cjs;

import java.util.stream.LongStream;

/**
 * The project's episode seeds, pairwise disjoint: test seeds for reported results, validation seeds for model
 * selection, training seeds for experience collection. NetLLM evaluates on one episode (seed 666) and selects on
 * it too; neither is done here.
 */
public final class CjsSeeds {

    /** Test: 20 episodes, seeds 9000..9019. */
    public static final long TEST_FIRST = 9000;
    public static final int TEST_COUNT = 20;
    /** Validation: 10 episodes, seeds 8000..8009. */
    public static final long VALIDATION_FIRST = 8000;
    public static final int VALIDATION_COUNT = 10;
    /** Training: seeds 100000..199999 (collection takes the first N from a start inside this range). */
    public static final long TRAINING_FIRST = 100_000;
    public static final int TRAINING_COUNT = 100_000;

    private CjsSeeds() {
    }

    public static long[] test() {
        return LongStream.range(TEST_FIRST, TEST_FIRST + TEST_COUNT).toArray();
    }

    public static long[] validation() {
        return LongStream.range(VALIDATION_FIRST, VALIDATION_FIRST + VALIDATION_COUNT).toArray();
    }

    /** Whether {@code seed} is a training seed. */
    public static boolean isTraining(long seed) {
        return seed >= TRAINING_FIRST && seed < TRAINING_FIRST + TRAINING_COUNT;
    }

    /** Which set a seed belongs to: "test", "validation", "training" or "none". */
    public static String setOf(long seed) {
        if (seed >= TEST_FIRST && seed < TEST_FIRST + TEST_COUNT) {
            return "test";
        }
        if (seed >= VALIDATION_FIRST && seed < VALIDATION_FIRST + VALIDATION_COUNT) {
            return "validation";
        }
        return isTraining(seed) ? "training" : "none";
    }
}
