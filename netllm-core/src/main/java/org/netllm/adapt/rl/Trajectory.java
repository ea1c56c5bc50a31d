package org.netllm.adapt.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One episode of logged experience, stored by column: each state array's values for all steps, the actions
 * (label rows) and the rewards. Returns-to-go are the undiscounted sums of the rewards from each step on.
 */
public final class Trajectory {

    private final float[][] states;
    private final float[] actions;
    private final float[] rewards;
    private final double[] returnsToGo;

    private Trajectory(float[][] states, float[] actions, float[] rewards) {
        this.states = states;
        this.actions = actions;
        this.rewards = rewards;
        this.returnsToGo = new double[rewards.length];
        double sum = 0;
        for (int t = rewards.length - 1; t >= 0; t--) {
            sum += rewards[t];
            returnsToGo[t] = sum;
        }
    }

    /** Steps in the episode. */
    public int length() {
        return rewards.length;
    }

    /** The episode's total reward. */
    public double totalReturn() {
        return rewards.length == 0 ? 0 : returnsToGo[0];
    }

    double returnToGo(int step) {
        return returnsToGo[step];
    }

    float reward(int step) {
        return rewards[step];
    }

    void copyState(int array, int step, int size, float[] into, int offset) {
        System.arraycopy(states[array], step * size, into, offset, size);
    }

    void copyAction(int step, int width, float[] into, int offset) {
        System.arraycopy(actions, step * width, into, offset, width);
    }

    /** A new builder for states of these per-array sizes and actions of this label width. */
    public static Builder builder(int[] arraySizes, int labelWidth) {
        return new Builder(arraySizes, labelWidth);
    }

    /** Collects an episode step by step. */
    public static final class Builder {
        private final int[] sizes;
        private final int labelWidth;
        private final List<float[][]> states = new ArrayList<>();
        private final List<float[]> actions = new ArrayList<>();
        private final List<Float> rewards = new ArrayList<>();

        private Builder(int[] sizes, int labelWidth) {
            this.sizes = sizes.clone();
            this.labelWidth = labelWidth;
        }

        /** Appends a step: the state's arrays (encoder order, flattened), the action taken, the reward received. */
        public Builder add(List<float[]> state, float[] action, double reward) {
            if (state.size() != sizes.length) {
                throw new IllegalArgumentException("state has " + state.size() + " arrays, expected " + sizes.length);
            }
            for (int a = 0; a < sizes.length; a++) {
                if (state.get(a).length != sizes[a]) {
                    throw new IllegalArgumentException("state array " + a + " has " + state.get(a).length
                            + " values, expected " + sizes[a]);
                }
            }
            if (action.length != labelWidth) {
                throw new IllegalArgumentException("action has " + action.length + " values, expected " + labelWidth);
            }
            states.add(state.toArray(float[][]::new));
            actions.add(action.clone());
            rewards.add((float) reward);
            return this;
        }

        public Trajectory build() {
            int n = rewards.size();
            float[][] columns = new float[sizes.length][];
            for (int a = 0; a < sizes.length; a++) {
                columns[a] = new float[n * sizes[a]];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(states.get(t)[a], 0, columns[a], t * sizes[a], sizes[a]);
                }
            }
            float[] acts = new float[n * labelWidth];
            for (int t = 0; t < n; t++) {
                System.arraycopy(actions.get(t), 0, acts, t * labelWidth, labelWidth);
            }
            float[] r = new float[n];
            for (int t = 0; t < n; t++) {
                r[t] = rewards.get(t);
            }
            return new Trajectory(columns, acts, r);
        }
    }

    @Override
    public String toString() {
        return "Trajectory[" + length() + " steps, return " + totalReturn() + ", arrays "
                + Arrays.stream(states).mapToInt(s -> s.length).boxed().toList() + "]";
    }
}
