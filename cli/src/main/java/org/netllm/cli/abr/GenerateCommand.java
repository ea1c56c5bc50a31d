package org.netllm.cli.abr;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.DataDirectory;
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

    @Parameters(index = "0", paramLabel = "traces|video", description = "What to generate.")
    String what;

    @Option(names = "--count", defaultValue = "100", description = "Number of traces (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--base", defaultValue = "envivio-dash3", paramLabel = "NAME|DIR",
            description = "For video: the video whose chunk-size pattern is rescaled (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        switch (what) {
            case "traces" -> {
                if (count < 1) {
                    throw new InvalidInputException("--count must be at least 1, got " + count);
                }
                List<Trace> traces = SynthTrace.WIDE.generate(count, seed);
                TraceFiles.writeDirectory(traces, out);
                spec.commandLine().getOut().printf("wrote %d SynthTrace traces (seed %d) to %s%n", count, seed, out);
            }
            case "video" -> {
                Video video = synthVideo(data, base, seed);
                VideoLadder.write(video, out);
                spec.commandLine().getOut().printf("wrote SynthVideo %s kbps (seed %d) to %s%n",
                        java.util.Arrays.toString(video.bitratesKbps()), seed, out);
            }
            default -> throw new InvalidInputException("netllm abr generate: unknown kind '" + what
                    + "'; write 'traces' or 'video'");
        }
        return 0;
    }

    /** The SynthVideo setting derived from a base video. */
    static Video synthVideo(DataDirectory data, String base, long seed) {
        Video baseVideo = VideoLadder.read(data.video(base), null);
        return SynthVideo.HIGH_BITRATE.generate(baseVideo, "synth-video", seed);
    }
}
