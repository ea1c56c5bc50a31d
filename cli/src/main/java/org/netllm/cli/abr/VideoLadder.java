package org.netllm.cli.abr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.VideoFiles;

/**
 * A video folder's bitrate ladder: {@code --ladder} if given, else the folder's {@code bitrates_kbps} file (written
 * with generated videos), else the Envivio ladder of the data set's videos.
 */
final class VideoLadder {

    static final String LADDER_FILE = "bitrates_kbps";

    private VideoLadder() {
    }

    static Video read(Path dir, int[] explicit) {
        return VideoFiles.read(dir, explicit != null ? explicit : ladderOf(dir));
    }

    static void write(Video video, Path dir) {
        VideoFiles.write(video, dir);
        try {
            Files.writeString(dir.resolve(LADDER_FILE), Arrays.stream(video.bitratesKbps()).mapToObj(Integer::toString)
                    .reduce((a, b) -> a + "\n" + b).orElse("") + "\n");
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + dir.resolve(LADDER_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static int[] ladderOf(Path dir) {
        Path file = dir.resolve(LADDER_FILE);
        if (!Files.isRegularFile(file)) {
            return VideoFiles.ENVIVIO_BITRATES_KBPS;
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (IOException | NumberFormatException e) {
            throw new InvalidInputException(file + ": expected one bitrate in kbps per line (" + e.getMessage() + ")");
        }
    }
}
