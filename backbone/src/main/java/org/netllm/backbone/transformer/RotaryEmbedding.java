package org.netllm.backbone.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in HF's rotate-half layout: {@code x·cos + rotate_half(x)·sin}, where
 * {@code rotate_half([x1, x2]) = [−x2, x1]} over the two halves of the head dimension and the angle table is
 * {@code cat(freqs, freqs)}. Pure; This class is threadsafe.
 */
public final class RotaryEmbedding {

    private final int headDim;
    private final float[] inverseFrequencies;

    public RotaryEmbedding(int headDim, Architecture.Rotary rotary) {
        this.headDim = headDim;
        this.inverseFrequencies = inverseFrequencies(headDim, rotary);
    }

    /** HF's inv_freq, in float32 as HF computes it, with the configured scaling. */
    public static float[] inverseFrequencies(int headDim, Architecture.Rotary rotary) {
        int half = headDim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            inv[i] = (float) (1.0 / Math.pow(rotary.theta(), exponent));
        }
        switch (rotary.scaling()) {
            case "default" -> { }
            case "linear" -> {
                for (int i = 0; i < half; i++) {
                    inv[i] = (float) (inv[i] / rotary.factor());
                }
            }
            case "llama3" -> {
                double lowWavelength = rotary.originalMaxPositions() / rotary.lowFreqFactor();
                double highWavelength = rotary.originalMaxPositions() / rotary.highFreqFactor();
                for (int i = 0; i < half; i++) {
                    double wavelength = 2 * Math.PI / inv[i];
                    if (wavelength > lowWavelength) {
                        inv[i] = (float) (inv[i] / rotary.factor());
                    } else if (wavelength >= highWavelength) {
                        double smooth = (rotary.originalMaxPositions() / wavelength - rotary.lowFreqFactor())
                                / (rotary.highFreqFactor() - rotary.lowFreqFactor());
                        inv[i] = (float) ((1 - smooth) * inv[i] / rotary.factor() + smooth * inv[i]);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unsupported rope_scaling type '" + rotary.scaling()
                    + "' (supported: default, linear, llama3)");
        }
        return inv;
    }

    /** The {@code cos} and {@code sin} tables {@code (T, D_h)} for positions {@code start … start+T−1}. */
    public NDArray[] tables(NDManager manager, long start, int length) {
        float[] cos = new float[length * headDim];
        float[] sin = new float[length * headDim];
        int half = headDim / 2;
        for (int t = 0; t < length; t++) {
            float position = start + t;
            for (int i = 0; i < half; i++) {
                float angle = position * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[t * headDim + i] = c;
                cos[t * headDim + half + i] = c;
                sin[t * headDim + i] = s;
                sin[t * headDim + half + i] = s;
            }
        }
        Shape shape = new Shape(length, headDim);
        return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
    }

    /** Rotates {@code x (B, H, T, D_h)} with tables from {@link #tables}. */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new ai.djl.ndarray.NDList(second.neg(), first), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
