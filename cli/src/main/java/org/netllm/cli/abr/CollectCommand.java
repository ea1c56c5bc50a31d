package org.netllm.cli.abr;

import org.netllm.adapt.ProgressBar;
import org.netllm.emulation.abr.AbrEvaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.adaptation.abr.ExperienceCollector;
import org.netllm.adaptation.abr.ExperiencePool;
import org.netllm.adaptation.abr.ExperiencePoolFile;
import org.netllm.cli.DataDirectory;
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

        long start = System.nanoTime();
        ProgressBar bar = new ProgressBar("collect", episodes);
        ExperiencePool pool = ExperienceCollector.collect(plan, workers, (done, total) -> bar.advanceTo(done));
        bar.finish();
        ExperiencePoolFile.write(pool, out);
        double seconds = (System.nanoTime() - start) / 1e9;

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
