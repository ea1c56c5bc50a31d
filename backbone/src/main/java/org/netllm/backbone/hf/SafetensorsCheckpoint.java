package org.netllm.backbone.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import ai.djl.ndarray.types.Shape;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.transformer.Tensor;
import org.netllm.safetensors.SafetensorsFile;

/**
 * The safetensors weights of a checkpoint directory: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Reads tensors by checkpoint name, trying the given prefixes
 * ({@code model.}, {@code transformer.}, none) so that prefixed and bare exports both load.
 */
final class SafetensorsCheckpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;
    private final Map<String, SafetensorsFile> byTensor = new HashMap<>();
    private final List<SafetensorsFile> open = new ArrayList<>();
    private final List<String> prefixes;

    private SafetensorsCheckpoint(List<Path> files, List<String> prefixes) {
        this.files = files;
        this.prefixes = prefixes;
        for (Path file : files) {
            SafetensorsFile st = SafetensorsFile.open(file);
            open.add(st);
            for (String name : st.names()) {
                byTensor.put(name, st);
            }
        }
    }

    /** Opens the weights of {@code dir}; {@code prefixes} are tried in order before each name. */
    static SafetensorsCheckpoint open(Path dir, List<String> prefixes) {
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            return new SafetensorsCheckpoint(List.of(single), prefixes);
        }
        if (Files.isRegularFile(index)) {
            try {
                JsonNode map = JSON.readTree(index.toFile()).get("weight_map");
                if (map == null) {
                    throw new BackboneLoadException(index + " has no weight_map");
                }
                TreeSet<String> shards = new TreeSet<>();
                for (Iterator<JsonNode> it = map.elements(); it.hasNext();) {
                    shards.add(it.next().asText());
                }
                List<Path> files = new ArrayList<>();
                for (String shard : shards) {
                    Path file = dir.resolve(shard).normalize();
                    if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
                        throw new BackboneLoadException(index + " lists the shard " + shard + ", which is not in " + dir);
                    }
                    files.add(file);
                }
                return new SafetensorsCheckpoint(files, prefixes);
            } catch (IOException e) {
                throw new BackboneLoadException("cannot read " + index + ": " + e.getMessage(), e);
            }
        }
        throw new BackboneLoadException(dir + " has no model.safetensors nor model.safetensors.index.json; export the "
                + "checkpoint with safe_serialization (PyTorch .bin files are not read)");
    }

    /** Reads a tensor by its name without prefix, or returns null. */
    Tensor read(String name) {
        for (String prefix : prefixes) {
            SafetensorsFile st = byTensor.get(prefix + name);
            if (st != null) {
                return new Tensor(new Shape(st.shape(prefix + name)), st.floats(prefix + name));
            }
        }
        return null;
    }

    /** SHA-256 over the files' bytes, in name order. */
    String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path file : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    while (in.read(buffer) >= 0) {
                        // the digest stream does the work
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BackboneLoadException("cannot hash the checkpoint files: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public void close() {
        open.forEach(SafetensorsFile::close);
    }
}
