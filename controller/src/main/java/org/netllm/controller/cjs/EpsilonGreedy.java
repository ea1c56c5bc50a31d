package org.netllm.controller.cjs;

/**
 * A scheduler that explores: with probability ε a uniformly random schedulable stage and a uniform executor count
 * in 1..the job's commit cap, else the wrapped scheduler's answer (named {@code NAME@eps=E}, for experience
 * collection). The exploration draw comes first, then the stage and executor draws of whichever acts. The wrapped
 * scheduler remembers every step, explored ones included.
 */
public final class EpsilonGreedy extends ForwardingCjsScheduler {

    private final double epsilon;
    private final String name;

    public EpsilonGreedy(CjsScheduler inner, double epsilon) {
        super(inner);
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
        this.epsilon = epsilon;
        this.name = inner.name() + "@eps=" + epsilon;
    }

    @Override
    public String name() {
        return name;
    }

    /** Whether the decision with these draws explores (for recording who acted). */
    public boolean explores(double explorationDraw) {
        return explorationDraw < epsilon;
    }

    @Override
    public CjsAction decide(CjsObservation obs, SchedulerDraws draws, CjsMemory memory) {
        if (!explores(draws.explorationDraw())) {
            return inner.decide(obs, draws, memory);
        }
        int count = obs.schedulable().length;
        int stage = Math.min(count - 1, (int) (draws.stageDraw() * count));
        int cap = obs.commitCap(obs.jobOf(obs.schedulable()[stage]));
        int executors = 1 + Math.min(cap - 1, (int) (draws.executorDraw() * cap));
        return new CjsAction(stage, executors);
    }
}
