package org.netllm.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    private Path written() throws Exception {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("a.bias", new FloatTensor(new long[] {3}, new float[] {-0.5f, 0, 0.25f}));
        Path file = dir.resolve("w.safetensors");
        SafetensorsFile.write(file, tensors);
        return file;
    }

    @Test
    void writtenTensorsReadBackInHeaderOrderWithTheirShapes() throws Exception {
        Map<String, FloatTensor> read = SafetensorsFile.readAll(written());
        assertThat(read.keySet()).containsExactly("b.weight", "a.bias");
        assertThat(read.get("b.weight").shape()).containsExactly(2, 3);
        assertThat(read.get("b.weight").values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(read.get("a.bias").values()).containsExactly(-0.5f, 0, 0.25f);
        // the data starts 8-byte aligned, as the format requires
        long headerLength = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("w.safetensors")), 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
    }

    @Test
    void windowedReadsEqualWholeReads() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 3;
        }
        Path file = dir.resolve("big.safetensors");
        SafetensorsFile.write(file, Map.of("big", new FloatTensor(new long[] {10, 100}, values)));
        try (SafetensorsFile whole = SafetensorsFile.open(file); SafetensorsFile windowed = SafetensorsFile.open(file, 96)) {
            assertThat(windowed.read("big").values()).containsExactly(whole.read("big").values());
            assertThat(whole.read("big").values()).containsExactly(values);
            assertThat(whole.read("missing")).isNull();
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithItsNameAndSizes() throws Exception {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> SafetensorsFile.readAll(cut)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        Files.write(cut, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.readAll(cut)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SafetensorsFile.readAll(dir.resolve("none.safetensors")))
                .isInstanceOf(SafetensorsException.class).hasMessageContaining("does not exist");
    }

    @Test
    void halfPrecisionValuesWiden() {
        assertThat(SafetensorsFile.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(SafetensorsFile.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
