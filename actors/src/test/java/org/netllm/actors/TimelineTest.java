package org.netllm.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static Timeline<Integer> offered(int capacity, int count) {
        Timeline<Integer> timeline = new Timeline<>(capacity);
        IntStream.range(0, count).forEach(timeline::add);
        return timeline;
    }

    @Test
    void keepsEveryMomentUntilFull() {
        assertThat(offered(4, 4).snapshot()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aFullTimelineKeepsEveryOtherMomentFromTheStartAndStillShowsTheNewest() {
        // 4 kept (0..3), then 4 arrives: thinned to 0, 2 and stride 2 keeps 4; 5 is shown as the newest
        assertThat(offered(4, 5).snapshot()).containsExactly(0, 2, 4);
        assertThat(offered(4, 6).snapshot()).containsExactly(0, 2, 4, 5);
        assertThat(offered(4, 8).snapshot()).containsExactly(0, 2, 4, 6, 7);
    }

    @Test
    void aLongSessionStaysBoundedAndEvenlySpacedOverItsWholeLength() {
        Timeline<Integer> timeline = offered(100, 10_000);
        List<Integer> kept = timeline.snapshot();
        assertThat(kept).hasSizeLessThanOrEqualTo(101).hasSizeGreaterThan(50);
        assertThat(kept.get(0)).isZero();
        assertThat(kept.get(kept.size() - 1)).isEqualTo(9_999);
        int stride = kept.get(1) - kept.get(0);
        assertThat(stride).isEqualTo(128);
        for (int i = 1; i < kept.size() - 1; i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).isEqualTo(stride);
        }
        assertThat(timeline.offered()).isEqualTo(10_000);
    }

    @Test
    void anOddOrTinyCapacityIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new Timeline<>(3)).hasMessageContaining("got 3");
        assertThatThrownBy(() -> new Timeline<>(0)).hasMessageContaining("got 0");
    }
}
