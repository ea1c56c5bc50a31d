package org.netllm.adapt.train;

/**
 * How a training run survives an interruption: where it writes its resumable state at each validation (and when
 * stopped), the state it goes on from, what stops it early, and what it does with each new best validated weights
 * (a command writes them as a usable model folder at once).
 *
 * @param folder     where the state is written, or null for a run that keeps none (tests, benchmarks)
 * @param resumeFrom the state to go on from, or null for a fresh run
 * @param stop       signals and time budget
 * @param kept       called with the model holding each new best validated weights
 */
public record RunControl(ResumeFolder folder, TrainingState resumeFrom, StopRequest stop, KeptWeights kept) {

    public RunControl {
        java.util.Objects.requireNonNull(stop, "stop");
        java.util.Objects.requireNonNull(kept, "kept");
    }

    /** A run that keeps no state and is never stopped early. */
    public static RunControl none() {
        return new RunControl(null, null, StopRequest.never(), (step, score) -> { });
    }

    /** Called when a validation scores best so far, while the model holds the weights it scored. */
    @FunctionalInterface
    public interface KeptWeights {
        void kept(int step, double score);
    }
}
