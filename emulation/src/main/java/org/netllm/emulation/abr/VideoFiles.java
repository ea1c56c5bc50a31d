package org.netllm.emulation.abr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;

/** Reads a video's chunk sizes from a folder of {@code video_size_Q} files (one size in bytes per line). */
public final class VideoFiles {

    /** The Envivio-Dash3 ladder used by Pensieve, GENET and NetLLM. */
    public static final int[] ENVIVIO_BITRATES_KBPS = {300, 750, 1200, 1850, 2850, 4300};
    public static final int CHUNKS = 48;
    public static final double CHUNK_SECONDS = 4.0;

    private VideoFiles() {
    }

    /** Reads the first {@link #CHUNKS} sizes of each level of {@code dir} with the given ladder. */
    public static Video read(Path dir, int[] bitratesKbps) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("video directory " + dir + " does not exist; pass a folder of video_size_Q"
                    + " files or a data-set name such as envivio-dash3");
        }
        long[][] sizes = new long[bitratesKbps.length][CHUNKS];
        for (int level = 0; level < bitratesKbps.length; level++) {
            Path file = dir.resolve("video_size_" + level);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("video " + dir + " lacks level " + level + " (" + file.getFileName()
                        + "); a video needs video_size_0.." + "video_size_" + (bitratesKbps.length - 1));
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (lines.size() < CHUNKS) {
                throw new InvalidInputException(file + ": " + lines.size() + " chunk sizes, at least " + CHUNKS
                        + " are needed");
            }
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                try {
                    sizes[level][chunk] = Long.parseLong(lines.get(chunk));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(file + ":" + (chunk + 1) + ": chunk size '" + lines.get(chunk)
                            + "' is not an integer");
                }
                if (sizes[level][chunk] <= 0) {
                    throw new InvalidInputException(file + ":" + (chunk + 1) + ": chunk size must be positive");
                }
            }
        }
        return new Video(dir.getFileName().toString(), bitratesKbps.clone(), sizes, CHUNK_SECONDS);
    }

    /** Writes {@code video} into {@code dir} (created if missing) as {@code video_size_Q} files, one size per line. */
    public static void write(Video video, Path dir) {
        try {
            Files.createDirectories(dir);
            for (int level = 0; level < video.levels(); level++) {
                StringBuilder text = new StringBuilder();
                for (int chunk = 0; chunk < video.chunkCount(); chunk++) {
                    text.append(video.chunkBytes(chunk, level)).append('\n');
                }
                Files.writeString(dir.resolve("video_size_" + level), text);
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot write video " + dir + ": " + e.getMessage(), e);
        }
    }
}
