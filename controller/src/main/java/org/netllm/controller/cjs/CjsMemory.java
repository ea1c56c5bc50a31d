package org.netllm.controller.cjs;

/**
 * What a scheduler remembers of one episode so far (the adapted model's context window and return-to-go), as an
 * immutable value. Whoever owns the cluster holds it: the offline episode loop, or a live cluster's job scheduler
 * actor, which sends it with each decision request, so one scheduler serves any number of clusters on any threads.
 */
public interface CjsMemory {

    /** The memory of a scheduler that keeps none. */
    CjsMemory NONE = new Empty();

    /** Nothing remembered. */
    record Empty() implements CjsMemory {
    }
}
