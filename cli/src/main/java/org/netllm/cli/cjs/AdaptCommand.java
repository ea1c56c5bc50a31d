package org.netllm.cli.cjs;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig.LearningRateDecay;
import org.netllm.adaptation.cjs.CjsAdaptation;
import org.netllm.adaptation.cjs.CjsAdaptationSettings;
import org.netllm.adaptation.cjs.CjsExperiencePool;
import org.netllm.adaptation.cjs.CjsPoolFile;
import org.netllm.backbone.ParameterCounts;
import org.netllm.cli.AdaptationOptions;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.FixedChoice;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.OptionDefaults;
import org.netllm.cli.ResumableRun;
import org.netllm.cli.RunOptions;
import org.netllm.cli.TorchThreads;
import org.netllm.cli.TrainingLog;
import org.netllm.controller.cjs.learned.CjsDecoding;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm cjs adapt}: adapts a language model to CJS from an experience pool (return-conditioned, LoRA). */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Adapt a language model to cluster job scheduling from a pool of 'cjs collect': NetLLM's "
                + "return-conditioned offline RL with LoRA, a graph encoder's token per schedulable stage, a stage head "
                + "over every schedulable stage and an executor head up to the commit cap. The kept weights are those "
                + "whose greedy scheduler reaches the lowest mean average JCT on the validation seeds ("
                + CjsSeeds.VALIDATION_FIRST + "..), never the test seeds.",
            "Writes a model folder usable as the scheduler netllm:DIR."},
        defaultValueProvider = AdaptCommand.Defaults.class)
public final class AdaptCommand implements Callable<Integer> {

    /** This command's defaults of the shared adaptation options. */
    static final class Defaults extends OptionDefaults {
        Defaults() {
            super(Map.of("--steps", "200", "--validate-every", "50"));
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Mixin
    AdaptationOptions adaptationOptions;

    @Mixin
    TorchThreads torchThreads;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--pool", required = true, paramLabel = "POOL", description = "Experience pool from 'cjs collect'.")
    Path pool;

    @Option(names = "--backbone", defaultValue = "minilm", paramLabel = "MODEL",
            description = "minilm, bge-small, a Hugging Face checkpoint directory, or tiny (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--window", defaultValue = "10", description = "Context window w in decisions (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--batch", defaultValue = "8", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr-decay", defaultValue = "constant", paramLabel = "constant|cosine",
            converter = AdaptationOptions.DecayChoice.class,
            description = "Learning rate after warmup (default: ${DEFAULT-VALUE}).")
    LearningRateDecay lrDecay;

    @Option(names = "--valid-episodes", defaultValue = "" + CjsSeeds.VALIDATION_COUNT, paramLabel = "N",
            description = "Validation seeds used, from " + CjsSeeds.VALIDATION_FIRST + " (default: ${DEFAULT-VALUE}).")
    int validEpisodes;

    @Option(names = "--valid-jobs", paramLabel = "J",
            description = "Jobs per validation episode (default: the pool's jobs per episode).")
    Integer validJobs;

    @Option(names = "--target-return", paramLabel = "R", split = ",",
            description = "Normalised return to condition on (about -1 is a pool-average episode, nearer 0 is less "
            + "job time; default: the pool's best episode); several: each is scored on the validation seeds after "
            + "training and the best is kept.")
    List<Double> targetReturns = new ArrayList<>();

    @Option(names = "--valid-decodings", paramLabel = "D", split = ",",
            description = "Decodings to score on the validation seeds at the kept target, each greedy, sampled or a"
            + " temperature such as 0.5 (sampled at it); the best is written into the model (default: the"
            + " --select-decoding one, which training validates with).")
    List<String> validDecodings = new ArrayList<>();

    @Option(names = "--select-decoding", defaultValue = "greedy", paramLabel = "D",
            description = "Decoding every checkpoint and target return is validated with: greedy, sampled or a"
            + " temperature such as 0.5; keep-best then picks the weights that decode best this way (default:"
            + " ${DEFAULT-VALUE}).")
    String selectDecoding;

    @Option(names = "--valid-threads", defaultValue = "1", paramLabel = "N",
            description = "Validation episodes played at once (default: ${DEFAULT-VALUE}); figures do not depend on it.")
    int validThreads;

    /** {@code --reward-normalisation}'s choices, spelled as the checkpoint records them ({@code job-time}). */
    enum RewardNormalisation { JOB_TIME, NETLLM }

    static final class RewardNormalisationChoice extends FixedChoice<RewardNormalisation> {
        RewardNormalisationChoice() {
            super(RewardNormalisation.class);
        }
    }

    @Option(names = "--reward-normalisation", defaultValue = "job-time", paramLabel = "job-time|netllm",
            converter = RewardNormalisationChoice.class,
            description = "job-time: returns are job time left over the pool's mean episode job time; netllm: NetLLM's"
            + " min-max scaled rewards, every zero-reward step counting 1 (for the ablation) (default: ${DEFAULT-VALUE}).")
    RewardNormalisation rewardNormalisation;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of adapters, heads and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Override
    public Integer call() {
        AdaptationMode adaptation = adaptationOptions.mode();
        LearningRateDecay decay = lrDecay;
        ModelFolder.refuseFile(out, "a folder such as models/cjs-minilm");
        if (validEpisodes < 1 || validEpisodes > CjsSeeds.VALIDATION_COUNT) {
            throw new InvalidInputException("--valid-episodes must be 1.." + CjsSeeds.VALIDATION_COUNT + ", got "
                    + validEpisodes);
        }
        torchThreads.check();
        List<CjsDecoding> decodings = new ArrayList<>();
        for (String d : validDecodings) {
            try {
                decodings.add(CjsDecoding.parse(d));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--valid-decodings: " + e.getMessage()
                        + "; write for example --valid-decodings greedy,0.5,1");
            }
        }
        CjsDecoding selection;
        try {
            selection = CjsDecoding.parse(selectDecoding);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--select-decoding: " + e.getMessage()
                    + "; write for example --select-decoding 0.5");
        }
        CjsAdaptationSettings settings;
        try {
            settings = new CjsAdaptationSettings(backbone, adaptation, adaptationOptions.rank(), window,
                    adaptationOptions.steps(), batch, adaptationOptions.learningRate(), decay,
                    adaptationOptions.validateEvery(), targetReturns, seed, FixedChoice.spelling(rewardNormalisation), decodings,
                    validThreads, selection, adaptationOptions.weightAverage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + " (options --rank, --window, --steps, --batch,"
                    + " --validate-every, --lr, --reward-normalisation, --valid-threads, --weight-average)");
        }
        try (ResumableRun run = ResumableRun.start(spec, runOptions, out)) {
            return train(settings, selection, adaptation, run);
        }
    }

    private int train(CjsAdaptationSettings settings, CjsDecoding selection, AdaptationMode adaptation,
                      ResumableRun run) {
        CjsExperiencePool experience = CjsPoolFile.read(pool);
        int jobs = validJobs != null ? validJobs : experience.jobs();
        if (jobs < 1) {
            throw new InvalidInputException("--valid-jobs must be at least 1, got " + jobs);
        }
        List<CjsEpisode.Setup> validation = new ArrayList<>();
        for (int i = 0; i < validEpisodes; i++) {
            validation.add(CjsEpisode.generated(CjsSeeds.VALIDATION_FIRST + i, jobs,
                    CjsSimulator.Config.of(experience.executors())));
        }
        Path cjs = data.root().resolve("cjs");
        TpchLibrary library = new TpchLibrary(cjs.resolve("tpch"));
        torchThreads.apply();

        try (TrainingLog log = new TrainingLog(spec, out, run.resumedFrom() != null)) {
            PrintWriter w = log.writer();
            if (run.resumedFrom() != null) {
                w.printf("resumed after step %d of %d%n", run.resumedFrom().step(), adaptationOptions.steps());
            }
            w.printf("pool %s: %d episodes, %d decisions, %d executors; validation on seeds %d..%d, %d jobs each%n",
                    pool, experience.episodes().size(), experience.stepCount(), experience.executors(),
                    CjsSeeds.VALIDATION_FIRST, CjsSeeds.VALIDATION_FIRST + validEpisodes - 1, jobs);
            log.show();
            try (NDManager manager = NDManager.newBaseManager()) {
                CjsAdaptation.Result result = CjsAdaptation.run(experience, validation, library, settings, true,
                        manager, run.control((step, score, best) -> {
                            w.printf("validation after step %d: mean average JCT %.2f s%s%n", step, -score,
                                    selection.equals(CjsDecoding.GREEDY) ? "" : " (decoding " + selection + ")");
                            log.show();
                        }), out);
                if (result.training().stopped()) {
                    int code = run.reportStopped(result.training(), out, w);
                    log.show();
                    return code;
                }
                result.save(out);
                ParameterCounts counts = AdaptationTrainer.parameterCounts(result.model(), adaptation);
                w.printf("trained %d steps in %.1f s (validation included); trainable parameters %d of %d (%.2f%%)%n",
                        adaptationOptions.steps() - (run.resumedFrom() == null ? 0 : run.resumedFrom().step()),
                        result.training().seconds(), counts.trainable(), counts.total(), counts.trainablePercent());
                w.printf("loss: first 10 steps %.4f, last 10 steps %.4f%n", result.training().meanLossOfFirst(10),
                        result.training().meanLossOfLast(10));
                for (double[] t : result.targetValidations()) {
                    w.printf("validation with target return %.3f: mean average JCT %.2f s%n", t[0], t[1]);
                }
                for (CjsAdaptation.DecodingValidation d : result.decodingValidations()) {
                    w.printf("validation with decoding %s: mean average JCT %.2f s%n", d.decoding(), d.meanAvgJctS());
                }
                double target = result.config().conditioning().targetReturn();
                CjsDecoding decoding = result.config().decodingRule();
                double jct = result.keptMeanAvgJctS();
                w.printf("kept step %d, target return %.3f and decoding %s (validation mean average JCT %.2f s), return"
                                + " scale %.4g; wrote %s (use it as netllm:%s)%n", result.training().bestStep(), target,
                        decoding, jct, result.config().conditioning().returnScale(), out, out);
                log.save(out);
            }
        }
        return 0;
    }
}
