package org.netllm.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header
 * {@code name → {dtype, shape, data_offsets}} (the data is aligned to 8 bytes with spaces), then the raw
 * little-endian data. Reading maps the file tensor by tensor: F32 tensors under the window are zero-copy views,
 * F16 and BF16 are widened to float32, and larger tensors are read through windows (one mapping cannot exceed
 * 2 GiB). The header is checked when the file opens: every tensor's byte range must match its shape and lie inside
 * the file. Not threadsafe.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_WINDOW = 1L << 30;
    private static final long MAX_HEADER = 100_000_000;

    /** Where a tensor sits: dtype, shape, and its byte range from the start of the file. */
    private record Entry(String dtype, long[] shape, long begin, long end) {
        long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> entries;
    private final long window;

    private SafetensorsFile(Path file, FileChannel channel, Map<String, Entry> entries, long window) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
        this.window = window;
    }

    /** Opens a file and checks its header. */
    public static SafetensorsFile open(Path file) {
        return open(file, DEFAULT_WINDOW);
    }

    /** Opens a file, reading tensors larger than {@code window} bytes (or 2 GiB) through windows of that size. */
    public static SafetensorsFile open(Path file, long window) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(file + " does not exist");
        } catch (IOException e) {
            throw new SafetensorsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(file + " is truncated: " + size
                        + " bytes, not even the 8-byte header length of a safetensors file");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new SafetensorsException(file + " is truncated or not a safetensors file: its header claims "
                        + headerLength + " bytes but the file holds " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, 8);
            JsonNode json;
            try {
                json = JSON.readTree(header.array());
            } catch (IOException e) {
                throw new SafetensorsException(file + " has a malformed safetensors header: " + e.getMessage(), e);
            }
            Map<String, Entry> entries = entries(file, json, 8 + headerLength, size);
            return new SafetensorsFile(file, channel, entries, Math.min(window, Integer.MAX_VALUE - 7));
        } catch (IOException e) {
            close(channel);
            throw new SafetensorsException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static Map<String, Entry> entries(Path file, JsonNode json, long dataStart, long size) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long needed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode node = field.getValue();
            String dtype = node.path("dtype").asText();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                default -> throw new SafetensorsException(file + ": tensor " + field.getKey() + " has dtype '" + dtype
                        + "'; supported: F32, F16, BF16");
            };
            long[] shape = new long[node.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = node.path("shape").get(i).asLong();
            }
            long begin = node.path("data_offsets").path(0).asLong(-1);
            long end = node.path("data_offsets").path(1).asLong(-1);
            Entry entry = new Entry(dtype, shape, dataStart + begin, dataStart + end);
            if (begin < 0 || end - begin != entry.count() * width) {
                throw new SafetensorsException(file + ": tensor " + field.getKey() + " has byte range [" + begin + ", "
                        + end + ") but its shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                        + entry.count() * width + " bytes");
            }
            needed = Math.max(needed, end);
            entries.put(field.getKey(), entry);
        }
        if (dataStart + needed > size) {
            throw new SafetensorsException(file + " is truncated: its header promises " + needed
                    + " bytes of tensor data, the file holds " + (size - dataStart));
        }
        return entries;
    }

    /** The tensor names, in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** The shape of tensor {@code name}, or null when the file lacks it. */
    public long[] shape(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.shape().clone();
    }

    /** Tensor {@code name} as float32 values from the buffer's position, or null when the file lacks it. */
    public FloatBuffer floats(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return null;
        }
        try {
            long bytes = entry.end() - entry.begin();
            if (entry.dtype().equals("F32") && bytes <= window) {
                return channel.map(FileChannel.MapMode.READ_ONLY, entry.begin(), bytes)
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            }
            int width = entry.dtype().equals("F32") ? 4 : 2;
            float[] values = new float[Math.toIntExact(entry.count())];
            long step = window - window % width;
            int filled = 0;
            for (long at = entry.begin(); at < entry.end(); at += step) {
                long size = Math.min(step, entry.end() - at);
                ByteBuffer part = channel.map(FileChannel.MapMode.READ_ONLY, at, size).order(ByteOrder.LITTLE_ENDIAN);
                filled = decode(entry.dtype(), part, values, filled);
            }
            return FloatBuffer.wrap(values);
        } catch (IOException e) {
            throw new SafetensorsException("cannot read tensor " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Tensor {@code name} copied into an array, or null when the file lacks it. */
    public FloatTensor read(String name) {
        FloatBuffer data = floats(name);
        if (data == null) {
            return null;
        }
        float[] values = new float[data.remaining()];
        data.get(values);
        return new FloatTensor(shape(name), values);
    }

    /** Every tensor of {@code file}, copied, in header order. */
    public static Map<String, FloatTensor> readAll(Path file) {
        try (SafetensorsFile st = open(file)) {
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (String name : st.names()) {
                tensors.put(name, st.read(name));
            }
            return tensors;
        }
    }

    /** Writes float32 tensors in the given order. */
    public static void write(Path file, Map<String, FloatTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long bytes = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (var tensor : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.values());
                out.write(data.array());
            }
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
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
