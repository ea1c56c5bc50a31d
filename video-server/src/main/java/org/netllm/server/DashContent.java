package org.netllm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;

/**
 * A DASH content directory in the layout {@code testbed-scripts/make-video.sh} writes: {@code manifest.mpd},
 * {@code init-L.m4s} and {@code chunk-L-NNNNN.m4s} (level L = representation id, NNNNN = segment number from 1).
 * Its {@link Video} (nominal ladder from the MPD's video adaptation set, real segment sizes from the files) is what
 * the controllers see. An audio adaptation set ({@code make-video.sh --audio}) is served as it is, its bitrate kept
 * for CMSD (dash.js caps its video at {@code mb} less the audio it plays).
 *
 * @param audioKbps the highest audio representation's bitrate, rounded up (0 without audio)
 */
public record DashContent(Path root, Video video, int audioKbps) {

    public static final String MANIFEST = "manifest.mpd";
    private static final Pattern MEDIA_SEGMENT = Pattern.compile("chunk-(\\d+)-(\\d+)\\.m4s");

    /** A media segment's place in the ladder: level and 0-based chunk index. */
    public record Segment(int level, int index) {
    }

    /**
     * The titles under {@code root} besides its own video: each sub-folder with a {@value #MANIFEST}, by folder name
     * (letters, digits, {@code . _ -}, at most 64), read and checked as {@link #open} does.
     */
    public static java.util.SortedMap<String, DashContent> titlesUnder(Path root) {
        java.util.SortedMap<String, DashContent> titles = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> entries = Files.list(root)) {
            for (Path dir : entries.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST))
                        && name.matches("[A-Za-z0-9._-]{1,64}")) {
                    titles.put(name, open(dir));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot list the titles in " + root + ": " + e.getMessage(), e);
        }
        return titles;
    }

    /** Reads and checks a content directory; problems are {@link InvalidInputException}s that say how to fix them. */
    public static DashContent open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidInputException("content directory " + root + " has no " + MANIFEST
                    + "; make one with testbed-scripts/make-video.sh " + root);
        }
        String mpd;
        try {
            mpd = Files.readString(manifest);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        // The ladder is the video's: an audio adaptation set's representations are not levels.
        DashManifest parsed = DashManifest.parse(mpd, manifest);
        List<Integer> bitrates = parsed.videoBandwidthsBps().stream().map(bps -> (int) Math.round(bps / 1000.0))
                .toList();
        double chunkSeconds = parsed.segmentSeconds();
        long audioBps = parsed.audioBandwidthBps();
        long[][] sizes = new long[bitrates.size()][];
        for (int level = 0; level < sizes.length; level++) {
            sizes[level] = segmentSizes(root, level);
            if (sizes[level].length != sizes[0].length) {
                throw new InvalidInputException(root + ": level " + level + " has " + sizes[level].length
                        + " segments but level 0 has " + sizes[0].length);
            }
        }
        int[] ladder = bitrates.stream().mapToInt(Integer::intValue).toArray();
        return new DashContent(root, new Video(root.getFileName().toString(), ladder, sizes, chunkSeconds),
                (int) ((audioBps + 999) / 1000));
    }

    private static long[] segmentSizes(Path root, int level) {
        List<Long> sizes = new ArrayList<>();
        while (true) {
            Path segment = root.resolve(String.format("chunk-%d-%05d.m4s", level, sizes.size() + 1));
            if (!Files.isRegularFile(segment)) {
                break;
            }
            try {
                sizes.add(Files.size(segment));
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + segment + ": " + e.getMessage(), e);
            }
        }
        if (sizes.size() < 2) {
            throw new InvalidInputException(root + ": level " + level + " has " + sizes.size()
                    + " media segments (chunk-" + level + "-00001.m4s, ...); at least 2 are needed");
        }
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    /** The level and chunk index of a media segment's file name, if it is one. */
    public static Optional<Segment> segmentOf(String fileName) {
        Matcher m = MEDIA_SEGMENT.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Segment(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) - 1));
    }
}
