package org.netllm.cli.abr;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.ProgressBar;
import org.netllm.adaptation.abr.ExpertAdaptation;
import org.netllm.adaptation.abr.AbrTeacher;
import org.netllm.adaptation.abr.ExpertLabels;
import org.netllm.adaptation.abr.ExpertLoss;
import org.netllm.cli.FixedChoice;
import org.netllm.cli.ModelFolder;
import org.netllm.cli.TorchThreads;
import org.netllm.cli.TrainingLog;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.netllm.AbrImitationTask;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.emulation.abr.AbrExpert;
import org.netllm.emulation.abr.AbrWorld;
import org.netllm.errors.InvalidInputException;

/**
 * {@code abr adapt --objective expert}: behaviour cloning of an expert that sees the future (DAgger's round 0). The
 * world's training sessions are played by the actors in turn, every state labelled by the expert, and the model is
 * trained on them and selected on the world's validation sessions.
 */
final class ExpertObjective {

    private ExpertObjective() {
    }

    /** The file in a model folder that says which step was kept and its validation score. */
    static final String SELECTION = "selection.json";

    /** What selection kept: the step and its mean QoE on the world's validation sessions. */
    record Selection(int keptStep, double validationQoe) {
    }

    private static void writeSelection(java.nio.file.Path out, int step, double qoe) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(out.resolve(SELECTION).toFile(), new Selection(step, qoe));
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot write " + out.resolve(SELECTION) + ": " + e.getMessage(), e);
        }
    }

    /** The selection recorded in a finished model folder; empty when the folder holds no finished run. */
    static java.util.Optional<Selection> readSelection(java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve(SELECTION);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(),
                    Selection.class));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** An expert by name, or {@code policy:NAME}: an online policy as the teacher (the pipeline's sanity check). */
    static AbrTeacher teacher(String name) {
        String s = name.strip();
        if (s.startsWith("policy:")) {
            return new AbrTeacher.Policy(PolicySpecs.registry().online(s.substring("policy:".length())));
        }
        return new AbrTeacher.Expert(AbrExpert.byName(s).orElseThrow(() -> new InvalidInputException("--expert "
                + name + " is not an expert; write oracle-mpc:H, replan, replan:H or policy:NAME (an online"
                + " policy such as policy:robust-mpc)")));
    }

    static int run(AdaptCommand c) {
        var parsed = c.spec.commandLine().getParseResult();
        if (c.runOptions.resume() != null || parsed != null && parsed.hasMatchedOption("--time-budget")) {
            throw new InvalidInputException("--resume and --time-budget are for --objective return; a run of the"
                    + " expert objective is one round: start it again");
        }
        AbrStateDefinition state = c.state;
        AbrTeacher expert = teacher(c.expert);
        if (c.sessions < 1 || c.threads < 1) {
            throw new InvalidInputException("--sessions and --threads must be at least 1, got " + c.sessions + " and "
                    + c.threads);
        }
        List<AbrPolicy> actors = new ArrayList<>();
        for (String a : c.actors) {
            actors.add(a.strip().equals("expert") ? null : PolicySpecs.registry().online(a));
        }
        ExpertLoss.Kind loss = c.imitationLoss;
        ExpertAdaptation.Settings settings;
        try {
            settings = new ExpertAdaptation.Settings(c.backbone, c.adaptationOptions.mode(),
                    c.adaptationOptions.rank(), c.adaptationOptions.steps(), c.batch,
                    c.adaptationOptions.learningRate(), c.lrDecay,
                    c.adaptationOptions.validateEvery(), c.seed, state, c.levels, c.softWeight, c.temperature, loss,
                    c.adaptationOptions.weightAverage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage() + "; --rank, --steps, --batch, --levels >= 1 (levels >= 2),"
                    + " --soft-weight in [0, 1], --temperature > 0, --weight-average in [0, 1)");
        }
        ModelFolder.refuseFile(c.out, "a directory such as models/abr-expert");
        TorchThreads.check(c.torchThreads);
        List<AbrWorld.Session> train = WorldCommand.draw(c.data, c.world, AbrWorld.SplitName.TRAIN, c.sessions);
        List<AbrWorld.Session> validation = WorldCommand.draw(c.data, c.world, AbrWorld.SplitName.VALIDATION,
                c.validSessions);
        for (AbrWorld.Session s : train) {
            if (s.video().levels() > c.levels) {
                throw new InvalidInputException("training session " + s.index() + " has a " + s.video().levels()
                        + "-level ladder; raise --levels to at least the recipe's most levels");
            }
        }
        TrainingLog log = new TrainingLog(c.spec);
        PrintWriter w = log.writer();
        w.printf("objective expert: %s labels %d training sessions of %s acted in turn by %s; state %s, loss %s, soft"
                + " weight %.2f at temperature %.2f; validation on %d world validation sessions%n", expert.name(),
                train.size(), WorldCommand.recipePath(c.world), c.actors, state.label(), FixedChoice.spelling(loss),
                c.softWeight, c.temperature, validation.size());
        log.show();
        AbrImitationTask task = AbrImitationTask.of(c.levels, state);
        ProgressBar bar = new ProgressBar("label", train.size());
        long started = System.nanoTime();
        List<ExpertLabels.Example> examples = new ArrayList<>(ExpertLabels.collect(train, actors, expert, task,
                c.threads, (done, total) -> bar.advanceTo(done)));
        bar.finish();
        w.printf("labelled %d states in %.1f s (%d threads)%n", examples.size(), (System.nanoTime() - started) / 1e9,
                c.threads);
        TorchThreads.apply(c.torchThreads);
        if (c.from != null) {
            if (!(c.expertRate >= 0 && c.expertRate <= 1)) {
                throw new InvalidInputException("--expert-rate must be in [0, 1], got " + c.expertRate);
            }
            // The learner's sessions are the next --sessions of the training split, fresh links for the same world.
            List<AbrWorld.Session> more = WorldCommand.draw(c.data, c.world, AbrWorld.SplitName.TRAIN,
                    2 * c.sessions).subList(c.sessions, 2 * c.sessions);
            long learnerStart = System.nanoTime();
            ProgressBar chunks = new ProgressBar("dagger", 47);
            try (NetllmImitationPolicy learner = NetllmImitationPolicy.load(c.from)) {
                List<ExpertLabels.Example> visited = ExpertLabels.collectByLearner(more, learner::chooseLevels,
                        c.expertRate, c.seed, expert, task, c.threads, (done, total) -> chunks.advanceTo(done));
                chunks.finish();
                examples.addAll(visited);
                w.printf("DAgger: %s played %d further sessions (the expert taking each decision with chance %.2f);"
                        + " %d states labelled in %.1f s; %d states in all, training goes on from its weights%n",
                        c.from, more.size(), c.expertRate, visited.size(), (System.nanoTime() - learnerStart) / 1e9,
                        examples.size());
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            ExpertAdaptation.Result result = ExpertAdaptation.run(examples, validation, settings, c.from, true,
                    manager);
            result.save(c.out);
            int steps = settings.steps();
            w.printf("trained %d steps in %.1f s (%.3f steps/s, validation included); trainable parameters %d of %d"
                    + " (%.2f%%)%n", steps, result.training().seconds(), steps / result.training().seconds(),
                    result.counts().trainable(), result.counts().total(), result.counts().trainablePercent());
            w.printf("loss: first 10 steps %.4f, last 10 steps %.4f%n", result.training().meanLossOfFirst(10),
                    result.training().meanLossOfLast(10));
            for (double[] v : result.validations()) {
                w.printf("validation after step %d: mean QoE %.4f%n", (int) v[0], v[1]);
            }
            w.printf("kept step %d (validation QoE %.4f); wrote %s (use it as netllm:%s)%n",
                    result.training().bestStep(), result.training().bestScore(), c.out, c.out);
            log.save(c.out);
            writeSelection(c.out, result.training().bestStep(), result.training().bestScore());
        }
        return 0;
    }
}
