package org.netllm.cli.abr;

import org.netllm.adapt.ProgressBar;
import org.netllm.emulation.abr.AbrEvaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.adaptation.PoolShards;
import org.netllm.adaptation.abr.Episode;
import org.netllm.adaptation.abr.ExperienceCollector;
import org.netllm.adaptation.abr.ExperiencePool;
import org.netllm.adaptation.abr.ExperiencePoolFile;
import org.netllm.adapt.train.StopRequest;
import org.netllm.cli.CollectionOptions;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.StopSignals;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm abr collect}: fills an experience pool by letting classic policies stream in the training environment. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Collect an ABR experience pool: the given policies take turns streaming in the training "
                + "environment (a random trace and start point per episode, U(0.9, 1.1) delay noise); every "
                + "decision's observation, action and reward is recorded.",
            "The pool is the same for any --threads; episode i depends only on --seed and i."})
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    CollectionOptions collection;

    @Option(names = "--policies", split = ",", defaultValue = "bba,mpc,robust-mpc,rate", paramLabel = "P[,P...]",
            description = "Policies that act, taking turns episode by episode: bba, mpc, robust-mpc, rate, each "
                    + "optionally NAME@eps=E for E-greedy exploration, and optimal (the offline optimum's plan for the "
                    + "episode's trace, played under the noise) (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--traces", defaultValue = "fcc-train", split = ",", paramLabel = "SET|DIR[,...]",
            description = "Training traces: data-set names or directories, comma-separated, pooled into one set each "
                    + "episode draws from uniformly (default: ${DEFAULT-VALUE}); test sets are refused.")
    List<String> traces;

    @Option(names = "--video", defaultValue = "envivio-dash3", paramLabel = "NAME|DIR",
            description = "Video: a data-set name or a directory of video_size_Q files (default: ${DEFAULT-VALUE}).")
    String video;

    @Option(names = "--episodes", defaultValue = "2000", paramLabel = "N",
            description = "Sessions to play; each gives 47 steps (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "1", description = "Collection seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: the number of cores); results do not depend on it.")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "POOL", description = "The pool file to write.")
    Path out;



    @Override
    public Integer call() {
        if (episodes < 1) {
            throw new InvalidInputException("--episodes must be at least 1, got " + episodes);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + workers);
        }
        if (Files.isDirectory(out)) {
            // a folder of shards is read as a pool, but a collection writes one file
            throw new InvalidInputException("--out " + out + " is a directory; give a file name such as pools/fcc.nlxp");
        }
        List<AbrEvaluation.Contender> acting = new ArrayList<>();
        for (String name : policies) {
            acting.add(PolicySpecs.registry().contender(name));
        }
        List<Trace> traceSet = new ArrayList<>();
        for (String set : traces) {
            if (set.toLowerCase(java.util.Locale.ROOT).contains("test")) {
                throw new InvalidInputException("--traces " + set + " looks like a test set; a pool must never hold a"
                        + " test trace: use fcc-train or generated training traces");
            }
            List<Trace> read = TraceFiles.readDirectory(data.traces(set));
            if (traces.size() == 1) {
                traceSet.addAll(read);
            } else {
                // generated folders reuse names (synth_0000...): the folder keeps them apart in the pool
                String folder = Path.of(set).getFileName().toString();
                for (Trace t : read) {
                    traceSet.add(new Trace(folder + "/" + t.name(), t.timesSeconds(), t.mbps()));
                }
            }
        }
        // a generated video's folder names its own ladder (bitrates_kbps), the data set's videos are Envivio's
        Video v = VideoLadder.read(data.video(video), null);
        ExperienceCollector.Plan plan = new ExperienceCollector.Plan(acting, traceSet, v, episodes, seed);

        int size = collection.shardSize(episodes);
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("policies", String.join(",", policies));
        fingerprint.put("traces", String.join(",", traceSet.stream().map(Trace::name).toList()));
        fingerprint.put("video", v.name() + " " + Arrays.toString(v.bitratesKbps()));
        fingerprint.put("seed", Long.toString(seed));
        PoolShards shards = PoolShards.open(out, fingerprint, episodes, size, collection.resume(), "netllm abr collect");

        long start = System.nanoTime();
        ProgressBar bar = new ProgressBar("collect", episodes);
        List<Episode> collected = new ArrayList<>(episodes);
        ExperiencePool pool = null;
        int kept = 0;
        StopRequest stop = collection.stopRequest();
        try (StopSignals signals = StopSignals.install(stop)) {
            for (int k = 0; k < shards.count(); k++) {
                if (k > 0 && stop.atValidation() != null) {
                    bar.finish();
                    return CollectionOptions.reportStopped(spec, stop.atValidation(), k, shards.count());
                }
                int from = shards.from(k);
                int to = shards.to(k);
                if (shards.finished(k)) {
                    kept++;
                }
                pool = shards.shard(k, ExperiencePoolFile.SHARDS, () -> ExperienceCollector.collect(plan, from, to,
                        workers, (done, total) -> bar.advanceTo(from + done)));
                collected.addAll(pool.episodes());
                bar.advanceTo(to);
            }
        }
        bar.finish();
        pool = new ExperiencePool(pool.video(), pool.qoe(), pool.seed(), pool.policies(), pool.traces(), collected);
        ExperiencePoolFile.write(pool, out);
        shards.delete();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (kept > 0) {
            spec.commandLine().getOut().printf("resumed: %d of %d shards were finished before%n", kept,
                    shards.count());
        }

        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %d episodes, %d steps, %s, in %.1f s (%d threads)%n", out, pool.episodes().size(),
                pool.stepCount(), sizeOf(out), seconds, workers);
        w.printf("%-24s %9s %s%n", "policy", "episodes", "mean session QoE");
        for (int p = 0; p < pool.policies().size(); p++) {
            int index = p;
            long n = pool.episodes().stream().filter(e -> e.policy() == index).count();
            w.printf("%-24s %9d %.4f%n", pool.policies().get(p), n, pool.meanSessionQoe(p));
        }
        w.flush();
        return 0;
    }

    private static String sizeOf(Path file) {
            try {
                return String.format("%.1f MB", Files.size(file) / 1e6);
            } catch (java.io.IOException e) {
                return "? MB";
            }
        }
    }
