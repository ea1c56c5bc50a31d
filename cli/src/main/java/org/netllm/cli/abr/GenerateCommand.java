package org.netllm.cli.abr;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.SynthTrace;
import org.netllm.emulation.abr.SynthVideo;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netllm abr generate traces|video}: seeded synthetic traces (SynthTrace) and videos (SynthVideo). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write seeded synthetic bandwidth traces (SynthTrace: Pensieve's Markov method, wider range and "
                + "faster changes than FCC) or a synthetic video (SynthVideo: a higher-bitrate ladder) in the data-set "
                + "formats.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    /** What to generate: the positional argument's choices. */
    enum Kind { TRACES, VIDEO }

    static final class KindChoice extends FixedChoice<Kind> {
        KindChoice() {
            super(Kind.class);
        }
    }

    @Parameters(index = "0", paramLabel = "traces|video", converter = KindChoice.class, description = "What to generate.")
    Kind what;

    @Option(names = "--count", defaultValue = "100", description = "Number of traces (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--base", defaultValue = "envivio-dash3", paramLabel = "NAME|DIR",
            description = "For video: the video whose chunk-size pattern is rescaled (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--mbps", split = ",", paramLabel = "MIN,MAX",
            description = "For traces: mean of the slowest and fastest Markov state (default: SynthTrace's 0.2,6).")
    List<Double> mbps;

    @Option(names = "--states", paramLabel = "N", description = "For traces: throughput states (default: 10).")
    Integer states;

    @Option(names = "--switch", paramLabel = "P",
            description = "For traces: chance per second of leaving the state (default: 0.25).")
    Double switchProbability;

    @Option(names = "--noise", split = ",", paramLabel = "MIN,MAX",
            description = "For traces: range of the per-trace relative noise (default: 0.02,0.10).")
    List<Double> noise;

    @Option(names = "--seconds", paramLabel = "S", description = "For traces: samples per trace (default: 320).")
    Integer seconds;

    @Option(names = "--ladder", split = ",", paramLabel = "KBPS",
            description = "For video: the ladder, lowest first, any number of levels (default: SynthVideo's"
                    + " 500,1200,2000,3000,4500,7000, the unseen-video test setting with seed 2024).")
    int[] ladder;

    @Option(names = "--jitter", paramLabel = "J",
            description = "For video: relative chunk-size noise in [0, 1) (default: 0.05).")
    Double jitter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        switch (what) {
            case TRACES -> {
                if (count < 1) {
                    throw new InvalidInputException("--count must be at least 1, got " + count);
                }
                SynthTrace generator = traceGenerator();
                List<Trace> traces = generator.generate(count, seed);
                TraceFiles.writeDirectory(traces, out);
                spec.commandLine().getOut().printf("wrote %d SynthTrace traces (seed %d, %s) to %s%n", count, seed,
                        generator, out);
            }
            case VIDEO -> {
                Video video;
                if (ladder == null && jitter == null) {
                    video = synthVideo(data, base, seed);
                } else {
                    Video baseVideo = VideoLadder.read(data.video(base), null);
                    SynthVideo generator;
                    try {
                        generator = new SynthVideo(ladder == null ? SynthVideo.HIGH_BITRATE.bitratesKbps() : ladder,
                                jitter == null ? SynthVideo.HIGH_BITRATE.jitter() : jitter);
                        video = generator.generate(baseVideo, "synth-video", seed);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException("--ladder/--jitter: " + e.getMessage());
                    }
                }
                VideoLadder.write(video, out);
                spec.commandLine().getOut().printf("wrote SynthVideo %s kbps (seed %d) to %s%n",
                        java.util.Arrays.toString(video.bitratesKbps()), seed, out);
            }
        }
        return 0;
    }

    private SynthTrace traceGenerator() {
        SynthTrace d = SynthTrace.WIDE;
        if (mbps != null && mbps.size() != 2 || noise != null && noise.size() != 2) {
            throw new InvalidInputException("--mbps and --noise take two values, MIN,MAX");
        }
        try {
            return new SynthTrace(mbps == null ? d.minMbps() : mbps.get(0), mbps == null ? d.maxMbps() : mbps.get(1),
                    states == null ? d.states() : states, switchProbability == null ? d.switchProbability()
                    : switchProbability, noise == null ? d.minNoise() : noise.get(0),
                    noise == null ? d.maxNoise() : noise.get(1), seconds == null ? d.seconds() : seconds);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--mbps/--states/--switch/--noise/--seconds: " + e.getMessage());
        }
    }

    /** The SynthVideo setting derived from a base video. */
    static Video synthVideo(DataDirectory data, String base, long seed) {
        Video baseVideo = VideoLadder.read(data.video(base), null);
        return SynthVideo.HIGH_BITRATE.generate(baseVideo, "synth-video", seed);
    }
}
