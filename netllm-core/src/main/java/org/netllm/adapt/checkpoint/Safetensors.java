package org.netllm.adapt.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netllm.adapt.AdapterLoadException;

/**
 * The safetensors format for float32 tensors: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Enough for adapter weights.
 */
public final class Safetensors {

    /** A float32 tensor: shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /** Writes the tensors in the given order. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
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
        int padded = (json.length + 7) / 8 * 8; // the format aligns the data to 8 bytes with spaces
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
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

    /**
     * Reads every tensor, in header order.
     *
     * @throws AdapterLoadException when the file is missing, truncated, malformed or holds other dtypes
     */
    public static Map<String, Tensor> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AdapterLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 8) {
            throw new AdapterLoadException(file + " is truncated: " + bytes.length
                    + " bytes, not even the 8-byte header length of a safetensors file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > bytes.length - 8) {
            throw new AdapterLoadException(file + " is truncated or not a safetensors file: its header claims "
                    + headerLength + " bytes but the file holds " + bytes.length);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AdapterLoadException(file + " has a malformed safetensors header: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLength;
        long dataBytes = bytes.length - dataStart;
        long needed = 0;
        var tensors = new LinkedHashMap<String, Tensor>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new AdapterLoadException(file + ": tensor " + e.getKey() + " is " + t.path("dtype").asText()
                        + ", adapter checkpoints hold F32 only");
            }
            long[] shape = new long[t.path("shape").size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
                count *= shape[i];
            }
            long begin = t.path("data_offsets").path(0).asLong(-1);
            long end = t.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end - begin != 4 * count) {
                throw new AdapterLoadException(file + ": tensor " + e.getKey() + " has byte range [" + begin + ", "
                        + end + ") for " + count + " floats");
            }
            needed = Math.max(needed, end);
            if (end > dataBytes) {
                continue; // reported below with the total
            }
            float[] values = new float[(int) count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(values);
            tensors.put(e.getKey(), new Tensor(shape, values));
        }
        if (needed > dataBytes) {
            throw new AdapterLoadException(file + " is truncated: its header promises " + needed
                    + " bytes of tensor data, the file holds " + dataBytes + "; save the adapter again");
        }
        return tensors;
    }
}
