package org.netllm.controller.abr;

/** A named ABR decision rule that makes one {@link AbrController} per session. Implementations are threadsafe. */
public interface AbrPolicy {

    /** The policy's name in reports and on the command line, e.g. {@code robust-mpc}. */
    String name();

    AbrController newSession();

    /**
     * A session whose random choices (if the policy makes any) are drawn from {@code seed}, so that a seeded
     * experiment replays exactly; deterministic policies ignore the seed.
     */
    default AbrController newSession(long seed) {
        return newSession();
    }
}
