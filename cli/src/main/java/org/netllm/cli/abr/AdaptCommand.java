package org.netllm.cli.abr;

import org.netllm.backbone.ParameterCounts;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.rl.TrajectoryWindows;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.adaptation.abr.AbrAdaptation;
import org.netllm.adaptation.abr.AdaptationSettings;
import org.netllm.adaptation.abr.ExperiencePool;
import org.netllm.adaptation.abr.ExperiencePoolFile;
import org.netllm.adaptation.abr.ValidationSet;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.cli.AdaptationOptions;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.adaptation.abr.ExpertLoss;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.OptionDefaults;
import org.netllm.cli.ResumableRun;
import org.netllm.cli.RunOptions;
import org.netllm.cli.TorchThreads;
import org.netllm.cli.TrainingLog;
import org.netllm.errors.InvalidInputException;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm abr adapt}: adapts a language model to ABR from an experience pool (DD-LRNA, return-conditioned). */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapt a language model to ABR from an experience pool: NetLLM's return-conditioned offline RL "
                + "with LoRA. The kept weights are those whose greedy policy reaches the best mean QoE on the "
                + "validation traces (never a test set).",
            "Writes an adapter checkpoint directory usable as the policy netllm:DIR."},
        defaultValueProvider = AdaptCommand.Defaults.class)
public final class AdaptCommand implements Callable<Integer> {

    /** This command's defaults of the shared adaptation options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--steps", "500", "--validate-every", "100"));
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    AdaptationOptions adaptationOptions;

    @Mixin
    RunOptions runOptions;

    /** {@code --objective}'s choices. */
    enum Objective { RETURN, EXPERT }

    static final class ObjectiveChoice extends FixedChoice<Objective> {
        ObjectiveChoice() {
            super(Objective.class);
        }
    }

    /** {@code --state}'s choices: the state definitions, spelled as their labels ({@code sizes-as-times}). */
    static final class StateChoice extends FixedChoice<AbrStateDefinition> {
        StateChoice() {
            super(AbrStateDefinition.class);
        }
    }

    /** {@code --context}'s choices: where training windows start. */
    enum TrainedContext {
        SLIDING(TrajectoryWindows.Start.ANYWHERE), SESSION(TrajectoryWindows.Start.EPISODE_START);

        final TrajectoryWindows.Start windows;

        TrainedContext(TrajectoryWindows.Start windows) {
            this.windows = windows;
        }
    }

    static final class TrainedContextChoice extends FixedChoice<TrainedContext> {
        TrainedContextChoice() {
            super(TrainedContext.class);
        }
    }

    @Option(names = "--objective", defaultValue = "return", paramLabel = "return|expert", converter = ObjectiveChoice.class,
            description = "return: NetLLM's return-conditioned learning from --pool; expert: imitate an expert that sees"
                    + " the future on sessions of a randomised world (behaviour cloning: every visited state labelled"
                    + " with the expert's choice and its values of every level), one state per decision and no"
                    + " return token (default: ${DEFAULT-VALUE}).")
    Objective objective;

    @Option(names = "--pool", split = ",", paramLabel = "POOL[,POOL...]",
            description = "Experience pools from 'abr collect', comma-separated (one per training video, say); they"
                    + " are trained on together under one reward normalisation. Required by --objective return.")
    List<Path> pools;

    @Option(names = "--world", paramLabel = "FILE",
            description = "--objective expert: the world recipe (default: " + WorldCommand.DEFAULT_RECIPE + ").")
    Path world;

    @Option(names = "--sessions", defaultValue = "300", paramLabel = "N",
            description = "--objective expert: training sessions of the world, labelled by the expert"
                    + " (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--expert", defaultValue = "replan:10", paramLabel = "NAME",
            description = "--objective expert: the expert (oracle-mpc:H, replan, replan:H), or policy:NAME to clone an online"
                    + " policy (the pipeline's sanity check) (default: ${DEFAULT-VALUE}).")
    String expert;

    @Option(names = "--actors", defaultValue = "expert,robust-mpc,bba", split = ",", paramLabel = "NAME[,...]",
            description = "--objective expert: who acts in the labelled sessions, in turn (expert or any online"
                    + " policy) (default: ${DEFAULT-VALUE}).")
    List<String> actors;

    @Option(names = "--soft-weight", defaultValue = "0.5", paramLabel = "A",
            description = "--objective expert: weight of the soft target (softmax of the expert's level values) against"
                    + " its choice, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double softWeight;

    /** {@code --imitation-loss}'s choices. */
    static final class ImitationLossChoice extends FixedChoice<ExpertLoss.Kind> {
        ImitationLossChoice() {
            super(ExpertLoss.Kind.class);
        }
    }

    @Option(names = "--imitation-loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|advantage",
            converter = ImitationLossChoice.class,
            description = "--objective expert: cross-entropy on the expert's choice and soft target, or advantage:"
                    + " regression of every level's score on the expert's value of it minus the best (the model then"
                    + " picks the level best on average over the futures its state allows) (default: ${DEFAULT-VALUE}).")
    ExpertLoss.Kind imitationLoss;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "--objective expert: the soft target's temperature in QoE units (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--levels", defaultValue = "8", paramLabel = "N",
            description = "--objective expert: the most levels a ladder may have, the head's width (default: "
                    + "${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--from", paramLabel = "DIR",
            description = "--objective expert: a DAgger round after the first: the imitation model in DIR (the last"
                    + " round's --out) plays --sessions further training sessions, every state it visits labelled by the"
                    + " expert; they are aggregated with round 0's and training goes on from DIR's weights.")
    Path from;

    @Option(names = "--expert-rate", defaultValue = "0.5", paramLabel = "B",
            description = "--objective expert with --from: chance that the expert, not the model, takes a decision of"
                    + " the model's sessions (DAgger's mixing) (default: ${DEFAULT-VALUE}).")
    double expertRate;

    @Option(names = "--valid-sessions", paramLabel = "N",
            description = "--objective expert: validate on the world's first N validation sessions (default: the"
                    + " recipe's count).")
    Integer validSessions;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "--objective expert: threads that play and label sessions (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--state", defaultValue = "netllm", paramLabel = "netllm|normalised|sizes-as-times|ladder-relative",
            converter = StateChoice.class,
            description = "State the model reads: netllm (NetLLM's: sizes in MB, throughputs in MB/s), normalised"
                    + " (ladder- and link-free: download times in chunk durations, throughputs on the ladder's log"
                    + " scale), sizes-as-times (NetLLM's, with each level's next-chunk download time in place of"
                    + " its size) or ladder-relative (sizes-as-times with throughputs over the top bitrate);"
                    + " recorded in the checkpoint (default: ${DEFAULT-VALUE}).")
    AbrStateDefinition state;

    @Option(names = "--backbone", defaultValue = "bge-small", paramLabel = "MODEL",
            description = "bge-small, minilm, a Hugging Face checkpoint directory, or tiny (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--window", defaultValue = "20", description = "Context window w in steps (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--context", defaultValue = "sliding", paramLabel = "sliding|session",
            converter = TrainedContextChoice.class,
            description = "Context trained for: sliding (NetLLM's: windows of w steps starting anywhere) or session"
                    + " (each window a whole session from its first step, w at least the longest session: the model"
                    + " then decides with the session's growing context and its key/value cache, exactly as trained)"
                    + " (default: ${DEFAULT-VALUE}).")
    TrainedContext context;

    @Option(names = "--attention-span", defaultValue = "0", paramLabel = "STEPS",
            description = "In every layer each token attends the last STEPS steps' worth of tokens up to itself (0, the"
                    + " default: the whole window): a banded causal mask. With --context session every step keeps its"
                    + " position, so decisions stay exactly cacheable while attention stays local (stacked layers"
                    + " still reach further back, layers × (span − 1) tokens).")
    int attentionSpan;

    @Option(names = "--batch", defaultValue = "8", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--valid-traces", defaultValue = "fcc-valid", split = ",", paramLabel = "SET|DIR[,...]",
            description = "Validation traces for model selection, comma-separated sets (default: ${DEFAULT-VALUE});"
                    + " test sets are refused.")
    List<String> validTraces;

    @Option(names = "--valid-videos", split = ",", paramLabel = "NAME|DIR[,...]",
            description = "Videos the validation traces are streamed on, each with every validation set (default:"
                    + " the first pool's video).")
    List<String> validVideos;

    @Option(names = "--valid-count", paramLabel = "N",
            description = "Validate on the first N traces of each validation set only (default: all).")
    Integer validCount;

    @Option(names = "--target-return", paramLabel = "R",
            split = ",", description = "Return to condition on, in normalised-reward units (default: the pool's best"
            + " session return); several, comma-separated: each is scored on the validation traces after training and"
            + " the best is kept (the first is used while training).")
    List<Double> targetReturns = new ArrayList<>();

    @Option(names = "--lr-decay", defaultValue = "constant", paramLabel = "constant|cosine",
            converter = AdaptationOptions.DecayChoice.class,
            description = "Learning rate after warmup: constant (NetLLM's) or cosine down to a tenth of the peak"
            + " (default: ${DEFAULT-VALUE}).")
    LearningRateDecay lrDecay;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of adapters, heads and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}; more only helps on otherwise idle cores).")
    int torchThreads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapter checkpoint directory to write.")
    Path out;

    @Override
    public Integer call() {
        if (objective == Objective.EXPERT) {
            return ExpertObjective.run(this);
        }
        if (pools == null || pools.isEmpty()) {
            throw new InvalidInputException("--objective return needs --pool POOL[,POOL...] (from 'abr collect')");
        }
        AdaptationMode adaptation = adaptationOptions.mode();
        for (String set : validTraces) {
            if (set.toLowerCase(Locale.ROOT).contains("test")) {
                throw new InvalidInputException("--valid-traces " + set + " looks like a test set; model selection"
                        + " must not see test traces: use fcc-valid or another validation folder");
            }
        }
        AbrStateDefinition stateDefinition = state;
        ModelFolder.refuseFile(out, "a directory such as models/abr-bge");
        TorchThreads.check(torchThreads);
        AdaptationSettings settings;
        try {
            settings = new AdaptationSettings(backbone, adaptation, adaptationOptions.rank(), window,
                    adaptationOptions.steps(), batch, adaptationOptions.learningRate(),
                    lrDecay, adaptationOptions.validateEvery(), targetReturns, seed,
                    stateDefinition, context.windows, adaptationOptions.weightAverage(), attentionSpan);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; all of --rank, --window, --steps, --batch must be >= 1,"
                    + " --target-return values > 0, --weight-average in [0, 1) and --attention-span in 0..--window");
        }
        if (validCount != null && validCount < 1) {
            throw new InvalidInputException("--valid-count must be at least 1, got " + validCount);
        }
        try (ResumableRun run = ResumableRun.start(spec, runOptions, out)) {
            return train(settings, stateDefinition, adaptation, run);
        }
    }

    private int train(AdaptationSettings settings, AbrStateDefinition stateDefinition, AdaptationMode adaptation,
                      ResumableRun run) {
        List<ExperiencePool> experience = new ArrayList<>();
        for (Path p : pools) {
            experience.add(ExperiencePoolFile.read(p));
        }
        List<Video> videos = new ArrayList<>();
        if (validVideos == null || validVideos.isEmpty()) {
            videos.add(experience.get(0).video());
        } else {
            for (String v : validVideos) {
                videos.add(VideoLadder.read(data.video(v), null));
            }
        }
        List<ValidationSet> validation = new ArrayList<>();
        for (String set : validTraces) {
            List<Trace> traces = TraceFiles.readDirectory(data.traces(set));
            if (validCount != null) {
                traces = traces.subList(0, Math.min(validCount, traces.size()));
            }
            for (Video v : videos) {
                validation.add(new ValidationSet(set + " on " + v.name(), v, traces));
            }
        }
        TorchThreads.apply(torchThreads);

        try (TrainingLog log = new TrainingLog(spec, out, run.resumedFrom() != null)) {
            PrintWriter w = log.writer();
            if (run.resumedFrom() != null) {
                w.printf("resumed after step %d of %d%n", run.resumedFrom().step(), adaptationOptions.steps());
            }
            w.printf("context %s: training windows of %d steps starting %s%n", FixedChoice.spelling(context), window,
                    settings.windows() == TrajectoryWindows.Start.EPISODE_START ? "at each session's first step"
                            : "anywhere");
            if (attentionSpan > 0) {
                w.printf("attention span %d steps: in every layer each token attends the %d steps' worth of tokens up"
                        + " to itself%n", attentionSpan, attentionSpan);
            }
            for (int i = 0; i < pools.size(); i++) {
                w.printf("pool %s: %d episodes, %d steps, video %s%n", pools.get(i),
                        experience.get(i).episodes().size(), experience.get(i).stepCount(), experience.get(i).video());
            }
            w.printf("state %s; validation on %d sessions: %s%n", stateDefinition.label(),
                    validation.stream().mapToInt(v -> v.traces().size()).sum(),
                    validation.stream().map(v -> v.name() + " (" + v.traces().size() + ")").toList());
            log.show();
            try (NDManager manager = NDManager.newBaseManager()) {
                AbrAdaptation.Result result = AbrAdaptation.run(experience, validation, settings, true, manager,
                        run.control((step, qoe, best) -> {
                            w.printf("validation after step %d: mean QoE %.4f%n", step, qoe);
                            log.show();
                        }), out);
                if (result.training().stopped()) {
                    int code = run.reportStopped(result.training(), out, w);
                    log.show();
                    return code;
                }
                int steps = adaptationOptions.steps() - (run.resumedFrom() == null ? 0 : run.resumedFrom().step());
                result.save(out);
                ParameterCounts counts = AdaptationTrainer.parameterCounts(result.model(), adaptation);
                w.printf("trained %d steps in %.1f s (%.3f steps/s, validation included); trainable parameters %d of"
                        + " %d (%.2f%%)%n", steps, result.training().seconds(), steps / result.training().seconds(), counts.trainable(),
                        counts.total(), counts.trainablePercent());
                w.printf("loss: first 10 steps %.4f, last 10 steps %.4f%n", result.training().meanLossOfFirst(10),
                        result.training().meanLossOfLast(10));
                for (double[] t : result.targetValidations()) {
                    w.printf("validation with target return %.2f: mean QoE %.4f%n", t[0], t[1]);
                }
                w.printf("kept step %d (validation QoE %.4f), target return %.2f; wrote %s (use it as netllm:%s)%n",
                        result.training().bestStep(), result.training().bestScore(), result.task().targetReturn(), out,
                        out);
                log.save(out);
            }
        }
        return 0;
    }


}
