package org.netllm.backbone.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files from Java arrays, as the HF exporter lays them out, for test checkpoints. */
final class SafetensorsWriter {

    /**
     * A tensor to write.
     *
     * @param shape  its shape
     * @param values row-major values
     */
    record Entry(long[] shape, float[] values) {
    }

    private final Map<String, Entry> tensors = new LinkedHashMap<>();

    SafetensorsWriter put(String name, float[] values, long... shape) {
        tensors.put(name, new Entry(shape, values));
        return this;
    }

    /** Writes every tensor with {@code dtype} F32, F16 or BF16 (values rounded by truncation for BF16). */
    void write(Path file, String dtype) throws IOException {
        int width = dtype.equals("F32") ? 4 : 2;
        ObjectNode header = new ObjectMapper().createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", dtype);
            var shape = node.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long size = (long) e.getValue().values().length * width;
            node.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (Entry e : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(e.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : e.values()) {
                    switch (dtype) {
                        case "F32" -> data.putFloat(v);
                        case "BF16" -> data.putShort((short) (Float.floatToIntBits(v) >>> 16));
                        default -> data.putShort(floatToHalf(v));
                    }
                }
                out.write(data.array());
            }
        }
    }

    /** float32 → binary16 for values exactly representable in binary16 (normal range, ≤ 10 mantissa bits). */
    static short floatToHalf(float v) {
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        if (v == 0) {
            return (short) sign;
        }
        int exponent = ((bits >>> 23) & 0xff) - 112;
        int mantissa = (bits >>> 13) & 0x3ff;
        return (short) (sign | (exponent << 10) | mantissa);
    }

    static void writeConfig(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json, StandardCharsets.UTF_8);
    }
}
