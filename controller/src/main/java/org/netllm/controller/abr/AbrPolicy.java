package org.netllm.controller.abr;

/** A named ABR decision rule that makes one {@link AbrController} per session. Implementations are threadsafe. */
public interface AbrPolicy {

    /** The policy's name in reports and on the command line, e.g. {@code robust-mpc}. */
    String name();

    AbrController newSession();
}
