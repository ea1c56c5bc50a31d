package org.netllm.controller.cjs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundRobinTest {

    /**
     * Three active jobs at N = 10, C = 6: job 0 (supply 5) nodes 0 → 1 with node 1 schedulable (its parent
     * saturated), job 1 (supply 2) nodes 2, 3 with 3 schedulable, job 2 (supply 0) node 4 schedulable.
     */
    private static CjsObservation three(int sourceJob) {
        return new CjsObservation(0, 10, 6, sourceJob, new int[] {0, 1, 2}, new int[] {5, 2, 0},
                new int[] {0, 2, 4, 5}, new int[] {0, 1, 0, 1, 0}, new int[] {0, 8, 3, 3, 9}, new double[5],
                new int[] {0}, new int[] {1}, new int[] {1, 3, 4});
    }

    @Test
    void fifoSkipsJobsAtItsCapAndLimitsTheNextToTheCap() {
        // Cap ceil(10/2) = 5: job 0 (supply 5) is skipped; job 1 gets min(6, 5 − 2) = 3.
        assertThat(RoundRobin.fifo().decide(three(-1), null)).isEqualTo(new CjsAction(1, 3));
    }

    @Test
    void sparkFifoHasNoCap() {
        assertThat(RoundRobin.sparkFifo().decide(three(-1), null)).isEqualTo(new CjsAction(0, 5));
    }

    @Test
    void fairSharesByActiveJobs() {
        // Cap ceil(10/3) = 4: job 0 skipped, job 1 gets min(6, 4 − 2) = 2.
        assertThat(RoundRobin.fair().decide(three(-1), null)).isEqualTo(new CjsAction(1, 2));
    }

    @Test
    void theSourceJobGetsEveryCommittableExecutorAboveTheCap() {
        assertThat(RoundRobin.fifo().decide(three(0), null)).isEqualTo(new CjsAction(0, 6));
    }

    @Test
    void aStageWithoutActiveParentsComesFirst() {
        // Job 0 has nodes 0 → 1 and 2 (no parent), 1 and 2 schedulable: node 2 wins although node 1 comes first.
        CjsObservation obs = new CjsObservation(0, 10, 2, -1, new int[] {0}, new int[] {0}, new int[] {0, 3},
                new int[] {0, 1, 2}, new int[] {0, 4, 4}, new double[3], new int[] {0}, new int[] {1},
                new int[] {1, 2});
        assertThat(RoundRobin.fifo().decide(obs, null)).isEqualTo(new CjsAction(1, 2));
    }

    @Test
    void nothingBelowTheCapMeansNoStage() {
        CjsObservation obs = new CjsObservation(0, 10, 2, -1, new int[] {0}, new int[] {5}, new int[] {0, 1},
                new int[] {0}, new int[] {4}, new double[1], new int[0], new int[0], new int[] {0});
        assertThat(RoundRobin.fifo().decide(obs, null).stage()).isEqualTo(CjsAction.NONE);
    }
}
