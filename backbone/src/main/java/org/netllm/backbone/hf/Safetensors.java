package org.netllm.backbone.hf;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Tensor;

/**
 * One {@code .safetensors} file, memory-mapped tensor by tensor: an 8-byte little-endian header length, a JSON
 * header {@code name → {dtype, shape, data_offsets}}, then the data. F32 tensors under 2 GiB are zero-copy views
 * of the mapping; F16 and BF16 are widened to float32 (bf16 arrays are unusable in DJL); larger tensors are read
 * through 1 GiB windows, since one mapping cannot exceed 2 GiB. Not threadsafe.
 */
public final class Safetensors implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_WINDOW = 1L << 30;

    /**
     * Where a tensor sits.
     *
     * @param dtype  F32, F16 or BF16
     * @param shape  its shape
     * @param begin  first byte, from the start of the file
     * @param end    one past the last byte
     */
    record Entry(String dtype, Shape shape, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> entries;
    private final long window;

    private Safetensors(Path file, FileChannel channel, Map<String, Entry> entries, long window) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
        this.window = window;
    }

    /** Opens a file and reads its header. */
    public static Safetensors open(Path file) {
        return open(file, DEFAULT_WINDOW);
    }

    /** Opens a file, reading tensors larger than {@code window} bytes (or 2 GiB) through windows of that size. */
    static Safetensors open(Path file, long window) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > channel.size()) {
                channel.close();
                throw new BackboneLoadException(file + " is not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, 8);
            JsonNode json = JSON.readTree(header.array());
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode node = field.getValue();
                long[] shape = new long[node.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = node.get("shape").get(i).asLong();
                }
                JsonNode offsets = node.get("data_offsets");
                entries.put(field.getKey(), new Entry(node.get("dtype").asText(), new Shape(shape),
                        dataStart + offsets.get(0).asLong(), dataStart + offsets.get(1).asLong()));
            }
            return new Safetensors(file, channel, entries, Math.min(window, Integer.MAX_VALUE - 7));
        } catch (IOException e) {
            throw new BackboneLoadException("cannot read the safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tensor names in the file. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** Reads a tensor as float32, or returns null when the file lacks it. */
    public Tensor read(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return null;
        }
        int width = switch (entry.dtype()) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new BackboneLoadException("tensor " + name + " in " + file + " has dtype " + entry.dtype()
                    + "; supported: F32, F16, BF16");
        };
        long count = entry.shape().size();
        if (entry.end() - entry.begin() != count * width) {
            throw new BackboneLoadException("tensor " + name + " in " + file + " spans " + (entry.end() - entry.begin())
                    + " bytes, its shape " + entry.shape() + " needs " + count * width);
        }
        try {
            long bytes = entry.end() - entry.begin();
            if (width == 4 && bytes <= window) {
                FloatBuffer view = channel.map(FileChannel.MapMode.READ_ONLY, entry.begin(), bytes)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                return new Tensor(entry.shape(), view);
            }
            float[] values = new float[Math.toIntExact(count)];
            long step = window - window % width;
            int filled = 0;
            for (long at = entry.begin(); at < entry.end(); at += step) {
                long size = Math.min(step, entry.end() - at);
                ByteBuffer part = channel.map(FileChannel.MapMode.READ_ONLY, at, size).order(ByteOrder.LITTLE_ENDIAN);
                filled = decode(entry.dtype(), part, values, filled);
            }
            return new Tensor(entry.shape(), FloatBuffer.wrap(values));
        } catch (IOException e) {
            throw new BackboneLoadException("cannot read tensor " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private static int decode(String dtype, ByteBuffer part, float[] out, int at) {
        switch (dtype) {
            case "F32" -> {
                FloatBuffer floats = part.asFloatBuffer();
                int n = floats.remaining();
                floats.get(out, at, n);
                return at + n;
            }
            case "F16" -> {
                while (part.remaining() >= 2) {
                    out[at++] = halfToFloat(part.getShort());
                }
                return at;
            }
            default -> {
                // bfloat16 is the upper half of a float32.
                while (part.remaining() >= 2) {
                    out[at++] = Float.intBitsToFloat((part.getShort() & 0xffff) << 16);
                }
                return at;
            }
        }
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat arrived only in Java 20). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // inf, NaN
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // zero and subnormals
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
