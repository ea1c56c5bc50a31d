package org.netllm.adaptation.abr;

import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.emulation.abr.AbrExpert;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.AbrWorld;

/**
 * Who labels the states the imitation model learns from: an {@link AbrExpert} that sees the simulator and the future,
 * or an online policy that sees only what the model sees. A policy teacher is the sanity check of the pipeline: a model
 * that cannot clone RobustMPC from the same state cannot be expected to clone an expert that sees more.
 */
public sealed interface AbrTeacher {

    /** Value given to every level a policy teacher did not choose: its soft target is its choice alone. */
    double NOT_CHOSEN = -1e3;

    String name();

    /** The labeller of one session; it must see every state of that session in order (policies keep state). */
    Labeller newSession(int index);

    /** Labels the states of one session. */
    @FunctionalInterface
    interface Labeller {
        /** The value of every level of the session's ladder for the next chunk; higher is better. */
        double[] values(AbrWorld.Session session, AbrSimulator.State state, AbrObservation observation);
    }

    /** An expert that sees the future: its values are QoE over its plan. */
    record Expert(AbrExpert expert) implements AbrTeacher {
        @Override
        public String name() {
            return expert.name();
        }

        @Override
        public Labeller newSession(int index) {
            return (session, state, observation) -> expert.levelValues(session.link(), session.video(), state,
                    observation.lastLevel());
        }
    }

    /** An online policy: 0 for the level it chooses, {@link #NOT_CHOSEN} for the others. */
    record Policy(AbrPolicy policy) implements AbrTeacher {
        @Override
        public String name() {
            return "policy:" + policy.name();
        }

        @Override
        public Labeller newSession(int index) {
            AbrController controller = policy.newSession(index);
            return (session, state, observation) -> {
                double[] values = new double[session.video().levels()];
                java.util.Arrays.fill(values, NOT_CHOSEN);
                values[controller.chooseLevel(observation)] = 0;
                return values;
            };
        }
    }
}
