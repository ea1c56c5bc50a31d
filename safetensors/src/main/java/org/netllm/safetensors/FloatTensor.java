package org.netllm.safetensors;

import java.util.Arrays;

/**
 * A float32 tensor held in a Java array, row-major.
 *
 * @param shape  its dimensions
 * @param values {@code product(shape)} values
 */
public record FloatTensor(long[] shape, float[] values) {

    public FloatTensor {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
    }
}
