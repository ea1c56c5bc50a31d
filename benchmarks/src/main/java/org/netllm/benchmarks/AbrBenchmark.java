package org.netllm.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Mpc;
import org.netllm.controller.abr.RobustMpc;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.OfflineOptimal;
import org.netllm.emulation.abr.SynthTrace;
import org.netllm.emulation.abr.SynthVideo;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.emulation.abr.VideoFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the ABR simulator (chunks/s) and of the MPC-family decisions (decisions/s) on the FCC test traces
 * and the Envivio video when the data sets are at {@code -Dnetllm.data.dir} (default {@code ../shared/data}),
 * otherwise on generated traces and a synthetic video of the same layout.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AbrBenchmark {

    private static final int CHUNKS = 48;

    private List<Trace> traces;
    private Video video;
    private List<AbrObservation> observations;
    private int nextTrace;
    private int nextObservation;

    @Setup(Level.Trial)
    public void load() {
        Path abr = Path.of(System.getProperty("netllm.data.dir", "../shared/data")).resolve("abr");
        if (Files.isDirectory(abr)) {
            traces = TraceFiles.readDirectory(abr.resolve("traces/fcc-test"));
            video = VideoFiles.read(abr.resolve("videos/envivio-dash3"), VideoFiles.ENVIVIO_BITRATES_KBPS);
        } else {
            traces = SynthTrace.WIDE.generate(100, 1);
            video = SynthVideo.HIGH_BITRATE.generate(flatVideo(), "synthetic", 1);
        }
        observations = new ArrayList<>();
        for (Trace trace : traces) {
            observations.addAll(observationsOf(trace));
        }
    }

    /** Every observation of a session that always fetches level 2, a mid-ladder trajectory. */
    private List<AbrObservation> observationsOf(Trace trace) {
        AbrSimulator simulator = new AbrSimulator(trace, video, 1);
        List<ChunkDownload> history = new ArrayList<>();
        List<AbrObservation> result = new ArrayList<>();
        history.add(simulator.download(0));
        while (!simulator.finished()) {
            result.add(AbrObservation.after(history, video));
            history.add(simulator.download(2));
        }
        return result;
    }

    private static Video flatVideo() {
        int[] kbps = VideoFiles.ENVIVIO_BITRATES_KBPS;
        long[][] sizes = new long[kbps.length][CHUNKS];
        for (int level = 0; level < kbps.length; level++) {
            java.util.Arrays.fill(sizes[level], kbps[level] * 500L);
        }
        return new Video("flat", kbps, sizes, 4.0);
    }

    /** One whole session (48 chunks) at alternating levels; reported per chunk. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public double simulatorChunks() {
        Trace trace = traces.get(nextTrace++ % traces.size());
        AbrSimulator simulator = new AbrSimulator(trace, video, 1);
        double buffer = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            buffer += simulator.download(chunk % video.levels()).bufferMs();
        }
        return buffer;
    }

    @Benchmark
    public int mpcDecision() {
        return Mpc.PENSIEVE.chooseLevel(observations.get(nextObservation++ % observations.size()));
    }

    @Benchmark
    public int robustMpcDecision() {
        return RobustMpc.PENSIEVE.chooseLevel(observations.get(nextObservation++ % observations.size()));
    }

    /** The offline-optimal search on one whole trace (default settings and seeds). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public double offlineOptimalTrace() {
        Trace trace = traces.get(nextTrace++ % traces.size());
        return OfflineOptimal.solve(trace, video, 1).result().qoe();
    }
}
