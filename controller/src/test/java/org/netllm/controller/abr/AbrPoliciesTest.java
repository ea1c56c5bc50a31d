package org.netllm.controller.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;

class AbrPoliciesTest {

    @Test
    void everyClassicNameResolvesToAPolicyOfThatName() {
        for (String name : AbrPolicies.NAMES) {
            assertThat(AbrPolicies.byName(name).name()).isEqualTo(name);
        }
        assertThat(AbrPolicies.byName("robust-mpc")).isInstanceOf(RobustMpc.class);
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> AbrPolicies.byName("pensieve"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'pensieve'")
                .hasMessageContaining("bba, mpc, robust-mpc, rate");
    }

    @Test
    void anExplorationSuffixWrapsTheBasePolicy() {
        AbrPolicy policy = AbrPolicies.byName("robust-mpc@eps=0.1");
        assertThat(policy).isEqualTo(new EpsilonGreedy(RobustMpc.PENSIEVE, 0.1));
        assertThat(policy.name()).isEqualTo("robust-mpc@eps=0.1");
    }

    @Test
    void aMalformedExplorationRateSaysHowToWriteIt() {
        assertThatThrownBy(() -> AbrPolicies.byName("bba@eps=lots")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'lots' is not a number").hasMessageContaining("NAME@eps=E");
        assertThatThrownBy(() -> AbrPolicies.byName("bba@eps=1.5")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> AbrPolicies.byName("bba@temp=2")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown option 'temp=2'");
    }

    @Test
    void explorationIsReproducibleForASeedAndDiffersAcrossSeeds() {
        AbrPolicy policy = AbrPolicies.byName("bba@eps=0.5");
        assertThat(choices(policy, 7)).isEqualTo(choices(policy, 7)).isNotEqualTo(choices(policy, 8));
    }

    @Test
    void zeroExplorationPlaysTheBaseAndFullExplorationCoversTheLadder() {
        List<Integer> greedy = choices(AbrPolicies.byName("bba@eps=0"), 3);
        assertThat(greedy).isEqualTo(choices(Bba.PENSIEVE, 3));
        List<Integer> random = choices(AbrPolicies.byName("bba@eps=1"), 3);
        assertThat(random).containsAll(List.of(0, 1, 2, 3, 4, 5));
        long lowest = random.stream().filter(l -> l == 0).count();
        assertThat(lowest).isBetween(100L, 240L); // 1000 uniform draws over 6 levels: 167 expected
    }

    /** 1000 decisions on random buffers, all from one session seeded with {@code seed}. */
    private static List<Integer> choices(AbrPolicy policy, long seed) {
        Video video = Observations.uniformVideo(Observations.ENVIVIO_KBPS, new long[] {1, 2, 3, 4, 5, 6}, 48);
        AbrController session = policy.newSession(seed);
        SplittableRandom buffers = new SplittableRandom(1);
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            var history = Observations.historyOfThroughputs(new double[] {1.0}, 0, 20_000.0 * buffers.nextDouble());
            levels.add(session.chooseLevel(AbrObservation.after(history, video)));
        }
        return levels;
    }
}
