package org.netllm.controller.cjs;

/**
 * A scheduler that wraps another: its name, decisions and episode memory are the wrapped scheduler's unless a
 * subclass says otherwise. Batches are left to {@link CjsScheduler#decideAll}'s default (one {@link #decide} per
 * request), so a subclass that changes {@code decide} is also what answers a batch.
 */
public abstract class ForwardingCjsScheduler implements CjsScheduler {

    protected final CjsScheduler inner;

    protected ForwardingCjsScheduler(CjsScheduler inner) {
        this.inner = inner;
    }

    /** The scheduler it wraps. */
    public CjsScheduler wrapped() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws) {
        return decide(observation, draws, start());
    }

    @Override
    public CjsAction decide(CjsObservation observation, SchedulerDraws draws, CjsMemory memory) {
        return inner.decide(observation, draws, memory);
    }

    @Override
    public CjsMemory start() {
        return inner.start();
    }

    @Override
    public CjsMemory remember(CjsMemory memory, CjsObservation observation, CjsAction taken, double reward) {
        return inner.remember(memory, observation, taken, reward);
    }
}
