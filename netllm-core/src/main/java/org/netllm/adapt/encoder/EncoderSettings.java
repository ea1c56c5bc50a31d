package org.netllm.adapt.encoder;

/**
 * Sizes of the feature encoders (the projection to the backbone width d follows each of them).
 *
 * @param scalarWidth     features of the scalar encoder's linear layer
 * @param sequenceFilters 1D-CNN output channels
 * @param sequenceKernel  1D-CNN kernel width (shortened to the series length when longer)
 * @param imagePatch      ViT patch side; image height and width must be multiples of it
 * @param imageWidth      ViT token width
 * @param imageDepth      ViT transformer layers
 * @param imageHeads      ViT attention heads
 * @param graphHidden     width of node, graph and global embeddings
 * @param graphRounds     message-passing rounds (how many DAG levels a node summary reaches)
 */
public record EncoderSettings(int scalarWidth, int sequenceFilters, int sequenceKernel, int imagePatch, int imageWidth,
        int imageDepth, int imageHeads, int graphHidden, int graphRounds) {

    public EncoderSettings {
        if (scalarWidth < 1 || sequenceFilters < 1 || sequenceKernel < 1 || imagePatch < 1 || imageWidth < 1 || imageDepth < 0
                || imageHeads < 1 || imageWidth % imageHeads != 0 || graphHidden < 1 || graphRounds < 1) {
            throw new IllegalArgumentException("invalid encoder settings " + new StringBuilder()
                    .append("(scalar width ").append(scalarWidth).append(", filters ").append(sequenceFilters).append(", kernel ").append(sequenceKernel)
                    .append(", patch ").append(imagePatch).append(", image width ").append(imageWidth)
                    .append(" with ").append(imageHeads).append(" heads, graph hidden ").append(graphHidden)
                    .append(", rounds ").append(graphRounds).append(')'));
        }
    }

    /** NetLLM-like sizes: scalars through 64 features, 64 filters of width 4, 8×8 patches into a 2-layer ViT of width 64, graph width 32. */
    public static EncoderSettings defaults() {
        return new EncoderSettings(64, 64, 4, 8, 64, 2, 4, 32, 3);
    }
}
