package org.netllm.cli.abr;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adapt.ProgressBar;
import org.netllm.adaptation.abr.ValidationSet;
import org.netllm.adaptation.abr.pensieve.GenetCurriculum;
import org.netllm.adaptation.abr.pensieve.PensieveTraining;
import org.netllm.adaptation.abr.pensieve.TrainingEnvironments;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.TorchThreads;
import org.netllm.cli.TrainingLog;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.pensieve.PensieveCheckpoint;
import org.netllm.controller.abr.pensieve.PensieveState;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm abr train-pensieve}: trains the learned baseline, Pensieve's actor-critic, in the simulator. */
@Command(name = "train-pensieve", mixinStandardHelpOptions = true,
        description = {"Train Pensieve's actor-critic (PPO, entropy bonus decayed linearly) in the trace-driven "
                + "simulator on training traces, optionally under GENET's curriculum (--curriculum genet); keeps the actor with the best mean QoE on the validation traces "
                + "(never a test set).", "Writes a folder usable as the policy pensieve:DIR, with training-log.txt."})
public final class TrainPensieveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    TorchThreads torchThreads;

    @Option(names = "--traces", defaultValue = "fcc-train", split = ",", paramLabel = "SET|DIR[,...]",
            description = "Training traces, each session draws a trace uniformly (default: ${DEFAULT-VALUE}); test "
                    + "sets are refused.")
    List<String> traces;

    @Option(names = "--valid-traces", defaultValue = "fcc-valid", split = ",", paramLabel = "SET|DIR[,...]",
            description = "Validation traces for keeping the best actor (default: ${DEFAULT-VALUE}); test sets are "
                    + "refused.")
    List<String> validTraces;

    @Option(names = "--video", defaultValue = "envivio-dash3", paramLabel = "NAME|DIR",
            description = "The video trained and validated on, 6 levels (default: ${DEFAULT-VALUE}).")
    String video;

    @Option(names = "--epochs", defaultValue = "1800", paramLabel = "N",
            description = "Policy updates, each on a fresh batch of sessions (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--sessions", defaultValue = "16", paramLabel = "N",
            description = "Whole videos played in lockstep per update (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--ppo-epochs", defaultValue = "4", paramLabel = "K",
            description = "Gradient steps on each batch (default: ${DEFAULT-VALUE}).")
    int ppoEpochs;

    @Option(names = "--actor-lr", defaultValue = "1e-4", description = "Actor learning rate (default: ${DEFAULT-VALUE}).")
    double actorLr;

    @Option(names = "--critic-lr", defaultValue = "1e-3", description = "Critic learning rate (default: ${DEFAULT-VALUE}).")
    double criticLr;

    @Option(names = "--gamma", defaultValue = "0.99", description = "Discount (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--entropy", defaultValue = "0.2,0.01", split = ",", paramLabel = "START,END",
            description = "Entropy weight at the first and the last update, decayed linearly "
                    + "(default: ${DEFAULT-VALUE}).")
    double[] entropy;

    @Option(names = "--clip", defaultValue = "0.2", description = "PPO ratio clip (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--validate-every", defaultValue = "50", paramLabel = "N",
            description = "Updates between validations (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** {@code --curriculum}'s choices. */
    enum Curriculum { NONE, GENET }

    static final class CurriculumChoice extends FixedChoice<Curriculum> {
        CurriculumChoice() {
            super(Curriculum.class);
        }
    }

    @Option(names = "--curriculum", defaultValue = "none", paramLabel = "none|genet", converter = CurriculumChoice.class,
            description = "none: Pensieve's fixed training traces; genet: GENET's curriculum, which adds synthetic-trace "
                    + "settings where --baseline beats the actor by the most (default: ${DEFAULT-VALUE}).")
    Curriculum curriculum;

    @Option(names = "--promote-every", defaultValue = "100", paramLabel = "N",
            description = "GENET: updates between promotions (default: ${DEFAULT-VALUE}).")
    int promoteEvery;

    @Option(names = "--candidates", defaultValue = "8", paramLabel = "N",
            description = "GENET: random generator settings tried per promotion (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--probe-traces", defaultValue = "4", paramLabel = "N",
            description = "GENET: traces of each candidate the gap is measured on (default: ${DEFAULT-VALUE}).")
    int probeTraces;

    @Option(names = "--base-share", defaultValue = "0.3", paramLabel = "P",
            description = "GENET: share of sessions on the --traces once settings are promoted "
                    + "(default: ${DEFAULT-VALUE}).")
    double baseShare;

    @Option(names = "--baseline", defaultValue = "robust-mpc", paramLabel = "NAME",
            description = "GENET: the rule-based policy the gap is measured against (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Override
    public Integer call() {
        refuseTestSets("--traces", traces, "training must never see a test trace: use fcc-train");
        refuseTestSets("--valid-traces", validTraces, "model selection must not see test traces: use fcc-valid");
        if (entropy.length != 2) {
            throw new InvalidInputException("--entropy takes START,END (two numbers), got " + entropy.length);
        }
        torchThreads.check();
        ModelFolder.refuseFile(out, "a directory such as models/pensieve");
        PensieveTraining.Settings settings;
        try {
            settings = new PensieveTraining.Settings(epochs, sessions, ppoEpochs, actorLr, criticLr, gamma,
                    entropy[0], entropy[1], clip, validateEvery, seed);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; --epochs, --sessions, --ppo-epochs, --validate-every "
                    + "must be >= 1, learning rates and --clip > 0, --gamma in (0, 1], --entropy >= 0");
        }
        Video v = VideoLadder.read(data.video(video), null);
        if (v.levels() != PensieveState.LEVELS) {
            throw new InvalidInputException("--video " + video + " has " + v.levels() + " levels; Pensieve's network "
                    + "is built for a " + PensieveState.LEVELS + "-level ladder");
        }
        List<Trace> training = new ArrayList<>();
        for (String set : traces) {
            training.addAll(TraceFiles.readDirectory(data.traces(set)));
        }
        TrainingEnvironments environments = environments(training, v);
        List<ValidationSet> validation = new ArrayList<>();
        for (String set : validTraces) {
            validation.add(new ValidationSet(set + " on " + v.name(), v, TraceFiles.readDirectory(data.traces(set))));
        }
        torchThreads.apply();
        TrainingLog log = new TrainingLog(spec);
        PrintWriter w = log.writer();
        w.printf("training: %d traces of %s on %s%s, validation: %s%n", training.size(), String.join(",", traces),
                v.name(), environments instanceof GenetCurriculum ? String.format(Locale.ROOT, ", GENET curriculum "
                        + "(a promotion every %d updates among %d candidates on %d traces each, gap to %s, base share "
                        + "%.2f)", promoteEvery, candidates, probeTraces, baseline, baseShare) : "",
                validation.stream().map(s -> s.name() + " (" + s.traces().size() + ")").toList());
        log.show();
        ProgressBar bar = new ProgressBar("train-pensieve", epochs);
        try (NDManager manager = NDManager.newBaseManager()) {
            PensieveTraining.Result r = PensieveTraining.run(environments, v, validation, settings,
                    (update, note) -> bar.advanceTo(update, note), manager);
            bar.finish();
            PensieveCheckpoint.save(out, r.actor());
            w.printf(Locale.ROOT, "%d updates of %d sessions (%d decisions) in %.1f s: %.0f decisions/s (playing %.1f s,"
                            + " training %.1f s, the rest validation); actor %d parameters%n",
                    epochs, sessions, r.steps(), r.seconds(), r.stepsPerSecond(), r.rolloutSeconds(),
                    r.trainSeconds(), r.parameters());
            for (String change : r.curriculum()) {
                w.printf("curriculum %s%n", change);
            }
            for (PensieveTraining.Validation val : r.validations()) {
                w.printf(Locale.ROOT, "validation after update %d (%d decisions): mean QoE %.4f%n", val.update(),
                        val.steps(), val.qoe());
            }
            w.printf(Locale.ROOT, "kept update %d (validation mean QoE %.4f); wrote %s (use it as %s:%s)%n",
                    r.bestUpdate(), r.bestQoe(), out, environments instanceof GenetCurriculum ? "genet" : "pensieve", out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + out + ": " + e.getMessage(), e);
        }
        log.save(out);
        return 0;
    }

    private TrainingEnvironments environments(List<Trace> training, Video v) {
        return switch (curriculum) {
            case NONE -> new TrainingEnvironments.Uniform(training);
            case GENET -> {
                GenetCurriculum.Settings genet;
                try {
                    genet = new GenetCurriculum.Settings(promoteEvery, candidates, probeTraces, baseShare);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(e.getMessage() + "; --promote-every, --candidates, --probe-traces "
                            + "must be >= 1 and --base-share in [0, 1]");
                }
                yield new GenetCurriculum(training, v, AbrPolicies.byName(baseline), genet);
            }
        };
    }

    private static void refuseTestSets(String option, List<String> sets, String how) {
        for (String set : sets) {
            if (set.toLowerCase(Locale.ROOT).contains("test")) {
                throw new InvalidInputException(option + " " + set + " looks like a test set; " + how);
            }
        }
    }
}
