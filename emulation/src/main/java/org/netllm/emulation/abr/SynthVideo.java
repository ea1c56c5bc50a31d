package org.netllm.emulation.abr;

import java.util.SplittableRandom;
import org.netllm.controller.abr.Video;

/**
 * A synthetic video with the layout of a base video (same chunk count and duration, same number of levels) on a
 * different bitrate ladder: each chunk's size at level L is the base size scaled by
 * {@code bitratesKbps[L] / base bitrate of L}, so scene complexity (the chunk-to-chunk variation) is kept, times a
 * per-chunk factor U(1 - jitter, 1 + jitter). Seeded and deterministic. This class is threadsafe.
 *
 * @param bitratesKbps the new ladder, lowest first, as many levels as the base video
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
        if (base.levels() != bitratesKbps.length) {
            throw new IllegalArgumentException("base video " + base.name() + " has " + base.levels()
                    + " levels, the synthetic ladder " + bitratesKbps.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[][] sizes = new long[base.levels()][base.chunkCount()];
        for (int level = 0; level < base.levels(); level++) {
            double scale = (double) bitratesKbps[level] / base.bitratesKbps()[level];
            for (int chunk = 0; chunk < base.chunkCount(); chunk++) {
                double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
                sizes[level][chunk] = Math.max(1L, Math.round(base.chunkBytes(chunk, level) * scale * factor));
            }
        }
        return new Video(name, bitratesKbps.clone(), sizes, base.chunkSeconds());
    }
}
