package org.netllm.cli.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.controller.abr.Video;
import org.netllm.server.DashContent;

/**
 * A content directory whose segments have a real video's chunk sizes but no pictures (sparse files, no disk used):
 * what a decision-only load test needs, since its players never fetch segments.
 */
public final class SparseContent {

    private SparseContent() {
    }

    public static Path write(Video video, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder mpd = new StringBuilder("<?xml version=\"1.0\"?>\n<MPD type=\"static\"><Period><AdaptationSet>\n");
        long microseconds = Math.round(video.chunkSeconds() * 1e6);
        for (int level = 0; level < video.levels(); level++) {
            mpd.append("<Representation id=\"").append(level).append("\" bandwidth=\"")
                    .append(video.bitratesKbps()[level] * 1000L).append("\"><SegmentTemplate timescale=\"1000000\"")
                    .append(" duration=\"").append(microseconds).append("\"/></Representation>\n");
            for (int chunk = 0; chunk < video.chunkCount(); chunk++) {
                Path segment = dir.resolve(String.format("chunk-%d-%05d.m4s", level, chunk + 1));
                try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                    file.setLength(video.chunkBytes(chunk, level));
                }
            }
        }
        mpd.append("</AdaptationSet></Period></MPD>\n");
        Files.writeString(dir.resolve(DashContent.MANIFEST), mpd);
        return dir;
    }
}
