package org.netllm.adapt.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultimodalEncoderTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static final EncoderSettings SMALL = new EncoderSettings(8, 8, 4, 4, 16, 1, 2, 8, 3);

    @Test
    void everyModalityEmitsItsTokensInDeclaredOrder() {
        var inputs = List.of(
                InputSpec.scalar("buffer", 1),
                InputSpec.sequence("throughputs", 1, 6),
                InputSpec.image("frame", 3, 8, 8),
                InputSpec.graph("jobs", 5, 3, 2));
        var encoder = new MultimodalEncoder(inputs, 24, SMALL);
        encoder.initialize(manager, DataType.FLOAT32, encoder.batchShapes(2));
        var arrays = new NDList();
        for (Shape s : encoder.batchShapes(2)) {
            arrays.add(manager.randomUniform(0, 1, s));
        }
        NDArray tokens = encoder.forward(new ParameterStore(manager, false), arrays, false).head();

        assertThat(encoder.tokens()).isEqualTo(1 + 1 + 1 + (5 + 2 + 1));
        assertThat(tokens.getShape()).isEqualTo(new Shape(2, 11, 24));
        // LayerNorm after each projection: every token has mean 0 and unit variance over d.
        float[] means = tokens.mean(new int[] {2}).toFloatArray();
        for (float m : means) {
            assertThat(m).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-4f));
        }
        // Token order: changing only the scalar changes token 0 and nothing else.
        var changed = new NDList(arrays);
        changed.set(0, arrays.get(0).add(5));
        NDArray other = encoder.forward(new ParameterStore(manager, false), changed, false).head();
        NDArray diff = other.sub(tokens).abs().sum(new int[] {0, 2});
        float[] perToken = diff.toFloatArray();
        assertThat(perToken[0]).isGreaterThan(1e-3f);
        for (int t = 1; t < perToken.length; t++) {
            assertThat(perToken[t]).isEqualTo(0f);
        }
    }

    @Test
    void graphMessagesFlowFromChildrenToAncestorsOnly() {
        // One DAG 0 -> 1 -> 2 (2 depends on 1 depends on 0), node 3 unconnected; 4 nodes, 1 graph slot.
        var spec = InputSpec.graph("dag", 4, 2, 1);
        var encoder = new MultimodalEncoder(List.of(spec), 16, SMALL);
        encoder.initialize(manager, DataType.FLOAT32, encoder.batchShapes(1));
        NDArray features = manager.randomUniform(0, 1, new Shape(1, 4, 2));
        float[] adjacency = new float[16];
        adjacency[0 * 4 + 1] = 1;
        adjacency[1 * 4 + 2] = 1;
        NDArray adj = manager.create(adjacency, new Shape(1, 4, 4));
        NDArray membership = manager.ones(new Shape(1, 4, 1));
        var store = new ParameterStore(manager, false);
        NDArray before = encoder.forward(store, new NDList(features, adj, membership), false).head();
        // Change the leaf (node 2): its ancestors 1 and 0 change, node 3 does not.
        float[] f = features.toFloatArray();
        f[2 * 2] += 3;
        NDArray after = encoder.forward(store,
                new NDList(manager.create(f, new Shape(1, 4, 2)), adj, membership), false).head();
        float[] change = after.sub(before).abs().sum(new int[] {0, 2}).toFloatArray(); // per token
        assertThat(change).hasSize(4 + 1 + 1);
        assertThat(change[2]).isGreaterThan(1e-3f);
        assertThat(change[1]).isGreaterThan(1e-3f);
        assertThat(change[0]).isGreaterThan(1e-3f);
        assertThat(change[3]).isEqualTo(0f);
        assertThat(change[4]).as("graph summary").isGreaterThan(1e-3f);
        assertThat(change[5]).as("global summary").isGreaterThan(1e-3f);
    }

    @Test
    void badSpecsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> InputSpec.sequence("x", 0, 6)).hasMessageContaining("[0, 6]");
        assertThatThrownBy(() -> new MultimodalEncoder(List.of(InputSpec.scalar("a", 1), InputSpec.scalar("a", 2)),
                8, SMALL)).hasMessageContaining("unique");
        assertThatThrownBy(() -> new MultimodalEncoder(List.of(InputSpec.image("img", 3, 10, 8)), 8, SMALL))
                .hasMessageContaining("10x8").hasMessageContaining("4x4");
    }
}
