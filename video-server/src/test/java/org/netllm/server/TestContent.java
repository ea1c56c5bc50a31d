package org.netllm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny DASH directory in make-video.sh's layout with known bytes: segment (L, n) holds (L+1)*1000+n bytes. */
final class TestContent {

    static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    static final int CHUNKS = 4;

    private TestContent() {
    }

    static Path write(Path dir) throws IOException {
        return write(dir, CHUNKS);
    }

    /** The same layout with {@code chunks} chunks per level. */
    static Path write(Path dir, int chunks) throws IOException {
        return write(dir, chunks, LADDER);
    }

    /** The same layout with {@code chunks} chunks per level of {@code ladder} (kbps). */
    static Path write(Path dir, int chunks, int[] ladder) throws IOException {
        Files.createDirectories(dir);
        StringBuilder mpd = new StringBuilder("<?xml version=\"1.0\"?>\n<MPD type=\"static\"><Period><AdaptationSet>\n");
        for (int level = 0; level < ladder.length; level++) {
            mpd.append("<Representation id=\"").append(level).append("\" mimeType=\"video/mp4\" bandwidth=\"")
                    .append(ladder[level] * 1000).append("\"><SegmentTemplate timescale=\"1000000\" duration=\"4000000\""
                            + " media=\"chunk-$RepresentationID$-$Number%05d$.m4s\" startNumber=\"1\"/></Representation>\n");
            Files.write(dir.resolve("init-" + level + ".m4s"), new byte[] {1, 2, 3});
            for (int n = 1; n <= chunks; n++) {
                byte[] bytes = new byte[(level + 1) * 1000 + n];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
                Files.write(dir.resolve(String.format("chunk-%d-%05d.m4s", level, n)), bytes);
            }
        }
        mpd.append("</AdaptationSet></Period></MPD>\n");
        Files.writeString(dir.resolve(DashContent.MANIFEST), mpd);
        return dir;
    }
}
