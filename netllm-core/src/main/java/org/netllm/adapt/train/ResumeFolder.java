package org.netllm.adapt.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netllm.errors.InvalidInputException;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsException;
import org.netllm.safetensors.SafetensorsFile;

/**
 * A run's resumable state on disk ({@code DIR/resume/}): {@code state.json} (step, losses, validation history, the
 * sampler's generator) naming a {@code state-STEP.safetensors} file (weights, AdamW's moments, average, best).
 *
 * <p>Each file is written beside and moved into place, the tensors before the JSON that names them, and older tensor
 * files are removed only after that: a run killed at any point leaves the previous complete state or the new one.
 */
public final class ResumeFolder {

    /** The folder's name inside a model folder. */
    public static final String NAME = "resume";

    private static final String STATE = "state.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    private ResumeFolder(Path dir) {
        this.dir = dir;
    }

    /** The resume folder of the model folder {@code out} ({@code out/resume}). */
    public static ResumeFolder of(Path out) {
        return new ResumeFolder(out.resolve(NAME));
    }

    /** The folder itself. */
    public Path path() {
        return dir;
    }

    /** Whether a state has been written here. */
    public boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /** What {@code state.json} holds, besides the tensors. */
    record Header(int format, int step, String tensors, List<String> parameters, int adamUpdates,
                  Integer averageUpdates, boolean hasBest, int bestStep, Double bestScore, int skipped, String sampler,
                  List<Double> losses, List<double[]> validations) {
    }

    /** Writes {@code state}, replacing the one before. */
    public void write(TrainingState state) {
        try {
            Files.createDirectories(dir);
            String tensors = String.format("state-%08d.safetensors", state.step());
            Path tmp = dir.resolve(tensors + ".tmp");
            SafetensorsFile.write(tmp, state.tensors());
            Files.move(tmp, dir.resolve(tensors), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Header header = new Header(FORMAT, state.step(), tensors, state.parameters(), state.adam().updates(),
                    state.average() == null ? null : state.average().updates(), state.best() != null,
                    state.bestStep(), Double.isNaN(state.bestScore()) ? null : state.bestScore(), state.skipped(),
                    Base64.getEncoder().encodeToString(state.sampler()), state.losses(), state.validations());
            Path json = dir.resolve(STATE + ".tmp");
            JSON.writeValue(json.toFile(), header);
            Files.move(json, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("state-") && !name.equals(tensors)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the run's resumable state to " + dir + ": " + e.getMessage()
                    + "; check the disk and the folder's permissions", e);
        }
    }

    /** Reads the state; a missing or damaged one is a user error naming the file. */
    public TrainingState read() {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no resumable run in " + dir.getParent() + ": " + file + " is missing"
                    + " (a run writes it at each validation and when it is stopped)");
        }
        Header h;
        try {
            h = JSON.readValue(file.toFile(), Header.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a readable resume state: " + e.getMessage(), e);
        }
        if (h.format() != FORMAT) {
            throw new InvalidInputException(file + " has format " + h.format() + "; this version resumes format "
                    + FORMAT);
        }
        Map<String, FloatTensor> tensors;
        try {
            tensors = SafetensorsFile.readAll(dir.resolve(h.tensors()));
        } catch (SafetensorsException e) {
            throw new InvalidInputException("the resume state in " + dir + " is damaged: " + e.getMessage(), e);
        }
        int n = h.parameters().size();
        List<FloatTensor> m = new ArrayList<>(n);
        List<FloatTensor> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            m.add(tensors.get("adam.m." + i));
            v.add(tensors.get("adam.v." + i));
        }
        TrainingState.AverageState average = h.averageUpdates() == null ? null
                : new TrainingState.AverageState(list(tensors, "average", n), h.averageUpdates());
        return new TrainingState(h.step(), h.parameters(), list(tensors, "weights", n),
                new AdamW.State(h.adamUpdates(), m, v), average, h.hasBest() ? list(tensors, "best", n) : null,
                h.bestStep(), h.bestScore() == null ? Double.NaN : h.bestScore(), h.skipped(),
                Base64.getDecoder().decode(h.sampler()), h.losses(), h.validations());
    }

    private List<FloatTensor> list(Map<String, FloatTensor> tensors, String prefix, int n) {
        List<FloatTensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            FloatTensor t = tensors.get(prefix + "." + i);
            if (t == null) {
                throw new InvalidInputException("the resume state in " + dir + " lacks tensor " + prefix + "." + i
                        + "; it is damaged");
            }
            out.add(t);
        }
        return out;
    }

    /** A generator's exact state, as bytes (java.util.Random is serialisable with its seed). */
    static byte[] save(Random random) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** The generator {@link #save} wrote. */
    static Random restore(byte[] saved) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(saved))) {
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new InvalidInputException("the resume state's random generator cannot be read: " + e.getMessage(), e);
        }
    }
}
