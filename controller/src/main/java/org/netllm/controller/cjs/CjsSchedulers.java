package org.netllm.controller.cjs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.netllm.errors.InvalidInputException;

/**
 * The cluster job schedulers by name: {@code fifo}, {@code spark-fifo}, {@code fair}, {@code decima} (sampled, as
 * NetLLM runs it) and {@code decima-greedy}. Names with a prefix (such as {@code netllm:default} or
 * {@code netllm:DIR}) go to the {@code extension}, which an adapted-model layer supplies; Decima's weights are read
 * once, on first use.
 *
 * @param decimaWeights the Decima safetensors file ({@code cjs/decima/decima.safetensors} under the data directory)
 * @param extension     resolves names this registry does not know, or answers empty
 */
public record CjsSchedulers(Path decimaWeights, Function<String, Optional<CjsScheduler>> extension) {

    /** The names this registry resolves itself. */
    public static final List<String> NAMES = List.of("fifo", "spark-fifo", "fair", "decima", "decima-greedy");

    /** A registry of the built-in schedulers only. */
    public CjsSchedulers(Path decimaWeights) {
        this(decimaWeights, name -> Optional.empty());
    }

    /**
     * The scheduler named {@code name}, or {@code NAME@eps=E} for its ε-greedy variant; an unknown name is a user
     * error naming the known ones.
     */
    public CjsScheduler resolve(String name) {
        int at = name.indexOf("@eps=");
        if (at > 0) {
            String value = name.substring(at + 5);
            double eps;
            try {
                eps = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                eps = Double.NaN;
            }
            if (!(eps >= 0 && eps <= 1)) {
                throw new InvalidInputException("scheduler '" + name + "': eps must be a number in [0, 1], got '"
                        + value + "'");
            }
            return new EpsilonGreedy(resolve(name.substring(0, at)), eps);
        }
        return switch (name) {
            case "fifo" -> RoundRobin.fifo();
            case "spark-fifo" -> RoundRobin.sparkFifo();
            case "fair" -> RoundRobin.fair();
            case "decima" -> new Decima("decima", DecimaWeights.read(decimaWeights), Decima.Choice.SAMPLED);
            case "decima-greedy" -> new Decima("decima-greedy", DecimaWeights.read(decimaWeights), Decima.Choice.GREEDY);
            // No option in the message: --schedulers, --scheduler and --cjs-scheduler all resolve here.
            default -> extension.apply(name).orElseThrow(() -> new InvalidInputException("unknown scheduler '" + name
                    + "'; known: " + String.join(", ", NAMES) + ", the adapted netllm:default and netllm:DIR, and "
                    + "NAME@eps=E (explores with probability E) for any of them"
                    + (name.startsWith("netllm:") ? "; adapted CJS models (netllm:default, netllm:DIR) are not "
                    + "available in this build yet" : "")));
        };
    }

    /** Every scheduler of a list of names, in order. */
    public List<CjsScheduler> resolveAll(List<String> names) {
        return names.stream().map(String::trim).map(this::resolve).toList();
    }
}
