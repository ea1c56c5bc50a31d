package org.netllm.controller.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed job times between two observations of an external cluster. */
class ClusterClockTest {

    // At 1,000 ms jobs 1 and 2 run; by 2,000 ms job 2 completed (at 1,500) and job 3 arrived (at 1,200).
    private static final int[] BEFORE = {1, 2};
    private static final int[] AFTER = {1, 3};

    @Test
    void reportedArrivalAndCompletionCountFromAndUntilThoseTimes() {
        ClusterClock before = ClusterClock.at(1000, 2);
        ClusterClock after = new ClusterClock(2000, new double[] {0, 1200}, Map.of(2, 1500.0));
        // job 1: 1,000; job 2: 1,500 − 1,000; job 3: 2,000 − 1,200.
        assertThat(after.jobTimeSince(before, BEFORE, AFTER)).isEqualTo(2300.0);
    }

    @Test
    void withoutThemANewJobCountsFromNowAndAGoneJobUntilNow() {
        ClusterClock before = ClusterClock.at(1000, 2);
        ClusterClock after = ClusterClock.at(2000, 2);
        assertThat(after.jobTimeSince(before, BEFORE, AFTER)).isEqualTo(2000.0);
    }

    @Test
    void aJobThatCameAndWentBetweenObservationsIsNotCounted() {
        ClusterClock after = new ClusterClock(2000, new double[] {0, 1200}, Map.of(2, 1500.0, 9, 1800.0));
        assertThat(after.jobTimeSince(ClusterClock.at(1000, 2), BEFORE, AFTER)).isEqualTo(2300.0);
    }

    @Test
    void decisionsInsideOneRoundAccrueNothing() {
        assertThat(ClusterClock.at(1000, 2).jobTimeSince(ClusterClock.at(1000, 2), BEFORE, BEFORE)).isZero();
    }

    @Test
    void aClockGoingBackIsRefusedNamingThePreviousTime() {
        assertThat(ClusterClock.at(900, 2).problemAfter(ClusterClock.at(1000, 2)))
                .hasValueSatisfying(m -> assertThat(m).contains("timeMs 900.0").contains("previous observation at "
                        + "timeMs 1000.0"));
        assertThat(new ClusterClock(2000, new double[2], Map.of(2, 999.0)).problemAfter(ClusterClock.at(1000, 2)))
                .hasValueSatisfying(m -> assertThat(m).contains("completedJobs: job 2 completedMs 999.0"));
        assertThat(ClusterClock.at(1000, 2).problemAfter(ClusterClock.at(1000, 2))).isEmpty();
    }

    @Test
    void aNegativeOrInfiniteTimeIsNoClock() {
        assertThatThrownBy(() -> ClusterClock.at(-1, 1)).hasMessageContaining("timeMs");
        assertThatThrownBy(() -> ClusterClock.at(Double.POSITIVE_INFINITY, 1)).hasMessageContaining("timeMs");
    }
}
