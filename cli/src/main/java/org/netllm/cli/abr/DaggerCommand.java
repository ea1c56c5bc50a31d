package org.netllm.cli.abr;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.Main;
import org.netllm.cli.NetllmCommand;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netllm abr dagger}: the whole imitation recipe, DAgger's rounds one after the other, from one recipe file.
 * Round 0 clones the expert; round k plays the model of round k - 1 ({@code --from}) and goes on training. Each round
 * is one {@code abr adapt --objective expert} into {@code OUT/round-k}; a finished round is kept and skipped when the
 * command runs again (a round is the unit of resumption, well under an hour), an unfinished one is redone. The round
 * with the best mean QoE on the world's validation sessions is copied to {@code OUT/model}.
 */
@Command(name = "dagger", mixinStandardHelpOptions = true,
        description = {"Run DAgger's rounds of the expert objective from one recipe file: round 0 clones the expert,"
                + " each later round plays the last round's model on fresh sessions, the expert labels every state it"
                + " visits, and training goes on from the last weights.",
            "Writes OUT/round-K per round and OUT/model, the round best on validation; run it again to go on after an"
                + " interruption (finished rounds are skipped)."})
public final class DaggerCommand implements Callable<Integer> {

    /** The default recipe, relative to the project. */
    public static final String DEFAULT_RECIPE = "adaptation/recipes/abr-dagger.json";

    /** Options the runner sets itself: a recipe may not name them. */
    private static final Set<String> RESERVED = Set.of("--objective", "--out", "--from", "--data-dir", "--threads",
            "--torch-threads", "--resume", "--time-budget");

    /**
     * A recipe: {@code adapt} holds the options of every round, {@code rounds} each round's own (the second
     * round's {@code --expert-rate} and so on), as {@code abr adapt} spells them.
     */
    record Recipe(String description, Map<String, String> adapt, List<Map<String, String>> rounds) {
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--recipe", paramLabel = "FILE", description = "DAgger recipe (default: " + DEFAULT_RECIPE + ").")
    Path recipe;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Threads that play and label sessions (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    @Option(names = "--rounds", paramLabel = "K", description = "Run only the first K rounds of the recipe.")
    Integer rounds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder of the rounds and the model.")
    Path out;

    @Override
    public Integer call() {
        Path file = recipe != null ? recipe : DataDirectory.projectRoot().resolve(DEFAULT_RECIPE);
        Recipe r = read(file);
        int count = rounds == null ? r.rounds().size() : rounds;
        if (count < 1 || count > r.rounds().size()) {
            throw new InvalidInputException("--rounds must be between 1 and the recipe's " + r.rounds().size()
                    + ", got " + count);
        }
        PrintWriter w = spec.commandLine().getOut();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create " + out + ": " + e.getMessage(), e);
        }
        List<ExpertObjective.Selection> kept = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Path dir = round(k);
            Optional<ExpertObjective.Selection> done = ExpertObjective.readSelection(dir);
            if (done.isPresent()) {
                w.printf(Locale.ROOT, "round %d: finished before (kept step %d, validation QoE %.4f), skipped%n", k,
                        done.get().keptStep(), done.get().validationQoe());
                kept.add(done.get());
                continue;
            }
            delete(dir);
            List<String> args = arguments(r, k, dir);
            w.printf("round %d: netllm %s%n", k, String.join(" ", args));
            w.flush();
            int code = Main.execute(new CommandLine(new NetllmCommand()), args.toArray(String[]::new));
            if (code != 0) {
                w.printf("round %d failed (exit code %d); run the same command again to redo it%n", k, code);
                return code;
            }
            ExpertObjective.Selection s = ExpertObjective.readSelection(dir).orElseThrow(() ->
                    new IllegalStateException("round " + dir + " finished without its selection"));
            w.printf(Locale.ROOT, "round %d: kept step %d, validation QoE %.4f%n", k, s.keptStep(), s.validationQoe());
            kept.add(s);
        }
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (kept.get(k).validationQoe() > kept.get(best).validationQoe()) {
                best = k;
            }
        }
        double bestQoe = kept.get(best).validationQoe();
        Path model = out.resolve("model");
        delete(model);
        copy(round(best), model);
        w.printf(Locale.ROOT, "best on validation: round %d (mean QoE %.4f); copied to %s (use it as netllm:%s)%n",
                best, bestQoe, model, model);
        return 0;
    }

    private Path round(int k) {
        return out.resolve("round-" + k);
    }

    /** The {@code abr adapt} command line of round {@code k}. */
    List<String> arguments(Recipe r, int k, Path dir) {
        Map<String, String> options = new LinkedHashMap<>(r.adapt());
        options.putAll(r.rounds().get(k));
        List<String> args = new ArrayList<>(List.of("abr", "adapt", "--objective", "expert", "--out", dir.toString(),
                "--threads", Integer.toString(threads), "--torch-threads", Integer.toString(torchThreads)));
        args.addAll(List.of("--data-dir", data.root().toString()));
        if (k > 0) {
            args.addAll(List.of("--from", round(k - 1).toString()));
        }
        options.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return args;
    }

    static Recipe read(Path file) {
        Recipe r;
        try {
            r = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(file.toFile(), Recipe.class);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the DAgger recipe " + file + ": " + e.getMessage()
                    + " (see docs/abr-dagger.md for the format)", e);
        }
        if (r.adapt() == null || r.rounds() == null || r.rounds().isEmpty()) {
            throw new InvalidInputException("the DAgger recipe " + file + " needs \"adapt\" (options of every round)"
                    + " and a non-empty \"rounds\" list");
        }
        List<Map<String, String>> all = new ArrayList<>(r.rounds());
        all.add(r.adapt());
        for (Map<String, String> options : all) {
            for (String name : options.keySet()) {
                if (RESERVED.contains(name)) {
                    throw new InvalidInputException("the DAgger recipe " + file + " sets " + name + ", which"
                            + " 'abr dagger' sets itself; remove it from the recipe");
                }
                if (!name.startsWith("--")) {
                    throw new InvalidInputException("the DAgger recipe " + file + " names option \"" + name + "\";"
                            + " write options as abr adapt spells them, e.g. \"--steps\"");
                }
            }
        }
        return r;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished round " + dir, e);
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
