package org.netllm.controller.abr;

import java.util.Arrays;

/**
 * A DASH video as an ABR controller sees it: the bitrate ladder and every chunk's size at every level.
 *
 * @param name          a label for reports
 * @param bitratesKbps  the ladder, lowest level first
 * @param chunkBytes    {@code chunkBytes[level][chunk]}, the size in bytes of each chunk at each level
 * @param chunkSeconds  the play time of one chunk
 */
public record Video(String name, int[] bitratesKbps, long[][] chunkBytes, double chunkSeconds) {

    public Video {
        if (bitratesKbps.length == 0 || chunkBytes.length != bitratesKbps.length) {
            throw new IllegalArgumentException("video " + name + ": " + bitratesKbps.length
                    + " bitrates but " + chunkBytes.length + " size columns");
        }
        int chunks = chunkBytes[0].length;
        for (long[] level : chunkBytes) {
            if (level.length != chunks) {
                throw new IllegalArgumentException("video " + name + ": levels have different chunk counts");
            }
        }
    }

    public int levels() {
        return bitratesKbps.length;
    }

    public int chunkCount() {
        return chunkBytes[0].length;
    }

    public long chunkBytes(int chunk, int level) {
        return chunkBytes[level][chunk];
    }

    /** Sizes of one chunk at every level, lowest level first. */
    public long[] sizesOfChunk(int chunk) {
        long[] sizes = new long[levels()];
        for (int level = 0; level < sizes.length; level++) {
            sizes[level] = chunkBytes[level][chunk];
        }
        return sizes;
    }

    public double bitrateMbps(int level) {
        return bitratesKbps[level] / 1000.0;
    }

    public int topLevel() {
        return bitratesKbps.length - 1;
    }

    @Override
    public String toString() {
        return "Video[" + name + ", " + Arrays.toString(bitratesKbps) + " kbps, " + chunkCount() + " chunks]";
    }
}
