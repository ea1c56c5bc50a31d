package org.netllm.adapt.train;

/**
 * How a training run survives an interruption: where it writes its resumable state at each validation (and when
 * stopped), the state it goes on from, what stops it early, and what it does with each new best validated weights
 * (a command writes them as a usable model folder at once) and of every validation (a command logs it at once).
 *
 * @param folder     where the state is written, or null for a run that keeps none (tests, benchmarks)
 * @param resumeFrom the state to go on from, or null for a fresh run
 * @param stop       signals and time budget
 * @param validated  told of each validation, while the model holds the weights it scored
 */
public record RunControl(ResumeFolder folder, TrainingState resumeFrom, StopRequest stop, Validated validated) {

    public RunControl {
        java.util.Objects.requireNonNull(stop, "stop");
        java.util.Objects.requireNonNull(validated, "validated");
    }

    /** A run that keeps no state and is never stopped early. */
    public static RunControl none() {
        return new RunControl(null, null, StopRequest.never(), (step, score, best) -> { });
    }

    /** This control with {@code first} told of each validation before the current hook. */
    public RunControl before(Validated first) {
        return new RunControl(folder, resumeFrom, stop, (step, score, best) -> {
            first.validated(step, score, best);
            validated.validated(step, score, best);
        });
    }

    /** Told of a validation after step {@code step}; {@code best} when it scored best so far (the kept weights). */
    @FunctionalInterface
    public interface Validated {
        void validated(int step, double score, boolean best);
    }
}
