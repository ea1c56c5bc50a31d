package org.netllm.controller.cjs.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CjsDecodingTest {

    @Test
    void greedySampledAndATemperatureReadBackAsWritten() {
        for (String text : new String[] {"greedy", "sampled", "0.5", "2.0"}) {
            assertThat(CjsDecoding.parse(text).toString()).isEqualTo(text);
        }
        assertThat(CjsDecoding.parse(" 1 ")).isEqualTo(CjsDecoding.sampled(1.0));
        assertThat(CjsDecoding.parse("0.35")).isEqualTo(CjsDecoding.sampled(0.35));
    }

    @Test
    void aCheckpointRecordsATemperatureOnlyWhenItSamplesAtOneOtherThanOne() {
        assertThat(CjsDecoding.GREEDY.recordedDecoding()).isEqualTo("greedy");
        assertThat(CjsDecoding.GREEDY.recordedTemperature()).isNull();
        assertThat(CjsDecoding.sampled(1.0).recordedDecoding()).isEqualTo("sampled");
        assertThat(CjsDecoding.sampled(1.0).recordedTemperature()).isNull();
        assertThat(CjsDecoding.sampled(0.5).recordedTemperature()).isEqualTo(0.5);
    }

    @Test
    void anythingElseIsRefusedWithWhatIsAccepted() {
        for (String text : new String[] {"hot", "0", "-1", "NaN", "Infinity", ""}) {
            assertThatThrownBy(() -> CjsDecoding.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not greedy, sampled or a positive temperature");
        }
        assertThatThrownBy(() -> new CjsDecoding(NetllmCjsScheduler.Choice.GREEDY, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
