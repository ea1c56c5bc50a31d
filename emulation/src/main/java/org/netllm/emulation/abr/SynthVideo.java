package org.netllm.emulation.abr;

import java.util.SplittableRandom;
import org.netllm.controller.abr.Video;

/**
 * A synthetic video with the layout of a base video (same chunk count and duration) on a different bitrate ladder:
 * each chunk's size at level L is the size of the base level at the same relative position in its ladder (level L of
 * N maps to base level round(L (B - 1) / (N - 1)) of B; itself when the counts are equal) scaled by
 * {@code bitratesKbps[L] / that base level's bitrate}, so scene complexity (the chunk-to-chunk variation) is kept,
 * times a per-chunk factor U(1 - jitter, 1 + jitter). Seeded and deterministic. This class is threadsafe.
 *
 * @param bitratesKbps the new ladder, lowest first, any number of levels
 * @param jitter       relative size noise per chunk and level, in [0, 1)
 */
public record SynthVideo(int[] bitratesKbps, double jitter) {

    /** The project's "SynthVideo" setting: a ladder about 1.6x Envivio's (500 kbps to 7 Mbps), 5% jitter. */
    public static final SynthVideo HIGH_BITRATE = new SynthVideo(new int[] {500, 1200, 2000, 3000, 4500, 7000}, 0.05);

    public SynthVideo {
        bitratesKbps = bitratesKbps.clone();
        if (bitratesKbps.length == 0 || !(jitter >= 0) || !(jitter < 1)) {
            throw new IllegalArgumentException("a synthetic video needs a ladder and a jitter in [0, 1), got "
                    + bitratesKbps.length + " levels and " + jitter);
        }
    }

    @Override
    public int[] bitratesKbps() {
        return bitratesKbps.clone();
    }

    /** The video derived from {@code base} with {@code seed}. */
    public Video generate(Video base, String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int levels = bitratesKbps.length;
        long[][] sizes = new long[levels][base.chunkCount()];
        for (int level = 0; level < levels; level++) {
            int baseLevel = levels == 1 ? 0 : (int) Math.round((double) level * (base.levels() - 1) / (levels - 1));
            double scale = (double) bitratesKbps[level] / base.bitratesKbps()[baseLevel];
            for (int chunk = 0; chunk < base.chunkCount(); chunk++) {
                double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
                sizes[level][chunk] = Math.max(1L, Math.round(base.chunkBytes(chunk, baseLevel) * scale * factor));
            }
        }
        return new Video(name, bitratesKbps.clone(), sizes, base.chunkSeconds());
    }
}
