package org.netllm.adaptation.abr;

import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.rl.Trajectory;
import org.netllm.controller.abr.netllm.AbrState;
import org.netllm.controller.abr.netllm.AbrStateDefinition;
import org.netllm.controller.abr.netllm.AbrTask;
import org.netllm.controller.abr.netllm.ReturnScaling;

/** The pool's episodes as the engine's trajectories: ABR state arrays, the level taken, the normalised reward. */
public final class AbrTrajectories {

    private AbrTrajectories() {
    }

    /** One trajectory per episode, rewards normalised by {@code scaling} (the engine divides returns by its scale). */
    public static List<Trajectory> of(ExperiencePool pool, ReturnScaling scaling) {
        return of(pool, scaling, AbrStateDefinition.NETLLM);
    }

    /** As {@link #of(ExperiencePool, ReturnScaling)}, the states under {@code state}. */
    public static List<Trajectory> of(ExperiencePool pool, ReturnScaling scaling, AbrStateDefinition state) {
        int levels = pool.video().levels();
        int[] sizes = AbrTask.inputs(levels).stream()
                .mapToInt(spec -> spec.shape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b))
                .toArray();
        List<Trajectory> trajectories = new ArrayList<>(pool.episodes().size());
        for (Episode episode : pool.episodes()) {
            Trajectory.Builder builder = Trajectory.builder(sizes, 1);
            for (int step = 0; step < episode.steps(); step++) {
                AbrState features = state.features(episode.observation(step, pool.video()));
                builder.add(AbrTask.arrays(features), new float[] {episode.action(step)},
                        scaling.normalise(state.reward(episode.reward(step), pool.video())));
            }
            trajectories.add(builder.build());
        }
        return trajectories;
    }
}
