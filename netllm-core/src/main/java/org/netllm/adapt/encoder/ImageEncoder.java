package org.netllm.adapt.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * An image as one token through a small randomly initialised ViT: non-overlapping patches, a class token and
 * learned positions, a few transformer layers; the class token's final state is the image's feature.
 *
 * <p>Dimensions: N images, C channels, H×W pixels, P patches, E token width. {@code (N, C, H, W) -> (N, 1, E)}.
 */
public final class ImageEncoder extends AbstractBlock {

    private final int width;
    private final int patches;
    private final Conv2d patchEmbedding;
    private final Parameter classToken;
    private final Parameter positions;
    private final List<TransformerEncoderBlock> layers = new ArrayList<>();

    public ImageEncoder(int height, int imageWidth, EncoderSettings settings) {
        int p = settings.imagePatch();
        if (height % p != 0 || imageWidth % p != 0) {
            throw new IllegalArgumentException("image of " + height + "x" + imageWidth
                    + " pixels is not a whole number of " + p + "x" + p + " patches; choose another imagePatch");
        }
        this.width = settings.imageWidth();
        this.patches = (height / p) * (imageWidth / p);
        this.patchEmbedding = addChildBlock("patch_embedding", Conv2d.builder()
                .setKernelShape(new Shape(p, p)).optStride(new Shape(p, p)).setFilters(width).build());
        this.classToken = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, width)).optInitializer(new NormalInitializer(0.02f)).build());
        this.positions = addParameter(Parameter.builder().setName("position_embedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(1, patches + 1, width))
                .optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < settings.imageDepth(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerEncoderBlock(width, settings.imageHeads(),
                    4 * width, 0f, list -> new NDList(Activation.gelu(list.singletonOrThrow())))));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        long n = x.getShape().get(0);
        var device = x.getDevice();
        NDArray grid = patchEmbedding.forward(store, new NDList(x), training).head(); // (N, E, H/p, W/p)
        NDArray tokens = grid.reshape(n, width, patches).transpose(0, 2, 1); // (N, P, E)
        // Start from an array of the input's manager so that per-call results are freed with the input's scope.
        NDArray cls = x.getManager().zeros(new Shape(n, 1, width), x.getDataType(), device)
                .add(store.getValue(classToken, device, training)); // (N, 1, E)
        NDArray h = cls.concat(tokens, 1).add(store.getValue(positions, device, training)); // (N, P+1, E)
        for (var layer : layers) {
            h = layer.forward(store, new NDList(h), training).head();
        }
        return new NDList(h.get(":, 0:1, :")); // (N, 1, E)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        patchEmbedding.initialize(manager, dataType, inputShapes[0]);
        Shape tokens = new Shape(inputShapes[0].get(0), patches + 1, width);
        for (var layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
    }
}
