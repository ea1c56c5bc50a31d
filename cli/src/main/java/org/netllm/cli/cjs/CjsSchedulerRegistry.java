package org.netllm.cli.cjs;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.cli.DataDirectory;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.CjsSchedulers;
import org.netllm.controller.cjs.Decima;
import org.netllm.controller.cjs.DecimaWeights;
import org.netllm.controller.cjs.learned.CjsCheckpoint;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.Lookahead;
import org.netllm.emulation.cjs.PlanningScheduler;
import org.netllm.errors.InvalidInputException;

/**
 * The CJS schedulers as the commands resolve them: the built-in ones, and adapted models {@code netllm:default}
 * (the committed {@value #DEFAULT_MODEL}) and {@code netllm:DIR} (a folder {@code netllm cjs adapt --out} wrote),
 * decoding as their checkpoint says unless the name ends in {@code @greedy} or {@code @sampled}, and conditioned on
 * the checkpoint's target return unless the name says {@code @target=R}, and sampling at a softmax temperature with
 * {@code @temperature=T} (the suffixes in any order); and the look-ahead teacher {@code decima+lookahead:k,H,m}
 * (offline only).
 */
public final class CjsSchedulerRegistry {

    /** The folder {@code netllm:default} names, under the project root. */
    public static final String DEFAULT_MODEL = "models/cjs-default";
    /**
     * How a {@code --schedulers} list splits: at commas, except those inside {@code decima+lookahead:k,H,m} (a comma
     * followed by a number or by {@code end}).
     */
    public static final String LIST_SPLIT = ",(?![0-9]|end(,|$))";
    private static final String PREFIX = "netllm:";
    private static final String LOOKAHEAD = "decima+lookahead:";
    private static final String REST = "@rest";
    private static final String TARGET = "@target=";
    private static final String TEMPERATURE = "@temperature=";

    private CjsSchedulerRegistry() {
    }

    /** The registry over the data directory's CJS folder ({@code DATA/cjs}). */
    public static CjsSchedulers of(Path cjsData) {
        Path decima = cjsData.resolve("decima/decima.safetensors");
        return new CjsSchedulers(decima, name -> lookahead(name, decima).or(() -> adapted(name)));
    }

    /**
     * {@code decima+lookahead:k,H,m[@rest]}: the look-ahead teacher over sampled Decima (k candidates, H decisions per
     * rollout or {@code end}, m rollouts; {@code @rest}: the terminal-estimate cost). It plans in the simulator, so it
     * plays offline episodes only.
     */
    private static Optional<CjsScheduler> lookahead(String name, Path decimaWeights) {
        if (!name.startsWith(LOOKAHEAD)) {
            return Optional.empty();
        }
        String spec = name.substring(LOOKAHEAD.length()).strip();
        Lookahead.Cost cost = Lookahead.Cost.WINDOW;
        if (spec.endsWith(REST)) {
            cost = Lookahead.Cost.REST;
            spec = spec.substring(0, spec.length() - REST.length());
        }
        String[] parts = spec.split(",", -1);
        String usage = "; write decima+lookahead:k,H,m with k candidates >= 1, H decisions per rollout >= 1 or 'end',"
                + " m rollouts >= 1, for example decima+lookahead:3,50,2 (add @rest to score the remaining"
                + " completion time with a terminal estimate instead of the window's job time)";
        if (parts.length != 3) {
            throw new InvalidInputException("scheduler '" + name + "' has " + parts.length + " number(s)" + usage);
        }
        try {
            int k = Integer.parseInt(parts[0].strip());
            String h = parts[1].strip();
            int horizon = h.equals("end") ? Lookahead.TO_THE_END : Integer.parseInt(h);
            int m = Integer.parseInt(parts[2].strip());
            if (k < 1 || m < 1 || (!h.equals("end") && horizon < 1)) {
                throw new InvalidInputException("scheduler '" + name + "': a number is out of range" + usage);
            }
            return Optional.of(new Lookahead(name.strip(), new Decima("decima", DecimaWeights.read(decimaWeights),
                    Decima.Choice.SAMPLED), new Lookahead.Settings(k, horizon, m, cost)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("scheduler '" + name + "': '" + e.getMessage().replace("For input string: ",
                    "") + "' is not a whole number" + usage);
        }
    }

    /** Refuses a scheduler that plans in the simulator where a live cluster would run it. */
    public static CjsScheduler live(CjsScheduler scheduler, String option) {
        if (scheduler instanceof PlanningScheduler) {
            throw new InvalidInputException(option + " " + scheduler.name() + ": this scheduler plans in the"
                    + " simulator and runs offline only (cjs eval); choose another for a live cluster");
        }
        return scheduler;
    }

    /** The value as a double, NaN if it is not a number (so one finiteness check covers both). */
    private static double number(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double targetReturn(String name, String value) {
        double parsed = number(value);
        if (!Double.isFinite(parsed)) {
            throw new InvalidInputException("scheduler '" + name + "': target return '" + value + "' is not a finite"
                    + " number; write for example netllm:default@target=-0.8 (normalised job time: the pool's"
                    + " episodes run from about -1 to 0)");
        }
        return parsed;
    }

    private static double temperature(String name, String value) {
        double parsed = number(value);
        if (!NetllmCjsScheduler.isTemperature(parsed)) {
            throw new InvalidInputException("scheduler '" + name + "': temperature '" + value + "' is not a positive"
                    + " finite number; write for example netllm:default@temperature=0.5 (it samples from the heads'"
                    + " softmax with the scores divided by it; @greedy is the limit toward 0)");
        }
        return parsed;
    }

    private static Optional<CjsScheduler> adapted(String name) {
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String target = name.substring(PREFIX.length()).strip();
        // The suffixes @greedy|@sampled, @target=R and @temperature=T come in any order after the folder.
        NetllmCjsScheduler.Choice choice = null;
        Double targetReturn = null;
        Double temperature = null;
        for (boolean stripped = true; stripped; ) {
            stripped = false;
            for (NetllmCjsScheduler.Choice c : NetllmCjsScheduler.Choice.values()) {
                String suffix = "@" + c.name().toLowerCase(java.util.Locale.ROOT);
                if (target.endsWith(suffix)) {
                    choice = c;
                    target = target.substring(0, target.length() - suffix.length());
                    stripped = true;
                }
            }
            // Strip the later of the two valued suffixes first, so each value ends where the next suffix begins.
            int hot = temperature == null ? target.lastIndexOf(TEMPERATURE) : -1;
            int at = targetReturn == null ? target.lastIndexOf(TARGET) : -1;
            if (hot > at) {
                temperature = temperature(name, target.substring(hot + TEMPERATURE.length()));
                target = target.substring(0, hot);
                stripped = true;
            } else if (at >= 0) {
                targetReturn = targetReturn(name, target.substring(at + TARGET.length()));
                target = target.substring(0, at);
                stripped = true;
            }
        }
        if (temperature != null && choice == NetllmCjsScheduler.Choice.GREEDY) {
            throw new InvalidInputException("scheduler '" + name + "' asks for @greedy and a @temperature; a"
                    + " temperature samples, so drop one of the two");
        }
        if (target.isEmpty()) {
            throw new InvalidInputException("scheduler '" + name + "' names no model; write netllm:default or"
                    + " netllm:DIR with the folder 'netllm cjs adapt --out' wrote");
        }
        Path dir = target.equals("default") ? DataDirectory.projectRoot().resolve(DEFAULT_MODEL) : Path.of(target);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("scheduler '" + name + "': " + dir + " is not a folder; adapt a model with"
                    + " 'netllm cjs adapt --out DIR'" + (target.equals("default") ? " (the default CJS model is"
                    + " committed there; is this checkout complete?)" : ""));
        }
        // Lives as long as the command: the scheduler's weights are used until the process ends.
        NDManager manager = NDManager.newBaseManager();
        NetllmCjsScheduler scheduler = CjsCheckpoint.load(dir, manager).scheduler(name, manager);
        if (targetReturn != null) {
            scheduler = scheduler.withTarget(targetReturn);
        }
        if (temperature != null) {
            return Optional.of(scheduler.withTemperature(temperature));
        }
        return Optional.of(choice == null ? scheduler : scheduler.withChoice(choice));
    }
}
