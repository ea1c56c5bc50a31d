package org.netllm.backbone.transformer;

import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random base weights as HF initialises a fresh model: normal(0, 0.02) for matrices and embeddings, ones for
 * norm scales, zeros for biases. Each tensor is drawn from its own stream (seed and name), so a weight does not
 * depend on which others exist.
 */
public final class RandomWeights implements WeightSource {

    private static final double STD = 0.02;

    private final Map<String, Shape> shapes;
    private final long seed;

    public RandomWeights(Map<String, Shape> shapes, long seed) {
        this.shapes = Map.copyOf(shapes);
        this.seed = seed;
    }

    @Override
    public Tensor tensor(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            return null;
        }
        float[] values = new float[Math.toIntExact(shape.size())];
        if (name.endsWith("norm.weight")) {
            java.util.Arrays.fill(values, 1f);
        } else if (!name.endsWith(".bias")) {
            SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * STD);
            }
        }
        return Tensor.of(values, shape.getShape());
    }

    @Override
    public String sha256() {
        return "random:" + seed;
    }
}
