package org.netllm.controller.abr;

/** A named ABR decision rule that makes one {@link AbrController} per session. Implementations are threadsafe. */
public interface AbrPolicy {

    /** The policy's name in reports and on the command line, e.g. {@code robust-mpc}. */
    String name();

    AbrController newSession();

    /**
     * Why this policy cannot decide over {@code video} (its message names the limit and how to fix it), or empty
     * when it can: a model adapted on one ladder decides over ladders of as many levels only. Classic rules take any.
     */
    default java.util.Optional<String> cannotServe(Video video) {
        return java.util.Optional.empty();
    }

    /**
     * A session whose random choices (if the policy makes any) are drawn from {@code seed}, so that a seeded
     * experiment replays exactly; deterministic policies ignore the seed.
     */
    default AbrController newSession(long seed) {
        return newSession();
    }
}
