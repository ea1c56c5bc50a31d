package org.netllm.controller.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class DecimaWeightsTest {

    @TempDir
    Path tmp;

    static Path published() {
        String configured = System.getProperty("netllm.data.dir", System.getenv("NETLLM_DATA"));
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        return root.resolve("cjs/decima/decima.safetensors");
    }

    @Test
    void publishedWeightsLoadWithTheReadmeShapes() {
        DecimaWeights w = DecimaWeights.read(published());
        assertThat(w.prep().inputs()).isEqualTo(5);
        assertThat(w.stage().inputs()).isEqualTo(53);
        assertThat(w.exec().inputs()).isEqualTo(36);
        int values = 0;
        for (Mlp m : new Mlp[] {w.prep(), w.msg(), w.update(), w.dag(), w.glob(), w.stage(), w.exec()}) {
            for (Mlp.Layer l : new Mlp.Layer[] {m.first(), m.second(), m.third()}) {
                values += l.weight().length + l.bias().length;
            }
        }
        assertThat(values).isEqualTo(20_802);
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        Map<String, int[]> tensors = new LinkedHashMap<>();
        tensors.put("encoder.node_encoder.mlp_prep.0.weight", new int[] {32, 5});
        write(f, tensors);
        assertThatThrownBy(() -> DecimaWeights.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("encoder.node_encoder.mlp_prep.0.bias");
    }

    @Test
    void aWrongShapeIsNamed() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        write(f, Map.of("encoder.node_encoder.mlp_prep.0.weight", new int[] {32, 4}));
        assertThatThrownBy(() -> DecimaWeights.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mlp_prep.0.weight").hasMessageContaining("[32, 4]").hasMessageContaining("[32, 5]");
    }

    @Test
    void aMissingFileIsAUserError() {
        assertThatThrownBy(() -> DecimaWeights.read(tmp.resolve("none.safetensors")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }

    /** A minimal safetensors file of zero-filled F32 tensors. */
    private static void write(Path f, Map<String, int[]> tensors) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, int[]> t : tensors.entrySet()) {
            long n = 1;
            for (int d : t.getValue()) {
                n *= d;
            }
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(t.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(t.getValue()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + 4 * n).append("]}");
            offset += 4 * n;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(f, b.array());
    }
}
