package org.netllm.emulation.mahimahi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class LinkLogTest {

    private static final String LOG = """
            # mahimahi mm-link (Downlink) [t] > /tmp/down.log
            # command line: 'mm-link' 't' 't'
            # queue: infinite
            # init timestamp: 1795813059814
            # base timestamp: 116
            117 # 1504
            117 + 1504
            118 # 1504
            118 - 1504 1
            118 + 1504
            118 + 1504
            119 # 1504
            119 - 1504 1
            1100 # 1504
            1100 - 1504 982
            1101 # 1504
            """;

    @Test
    void eventsAreSortedIntoArrivalsOpportunitiesAndDepartures(@TempDir Path dir) throws Exception {
        LinkLog log = LinkLog.read(Files.writeString(dir.resolve("down.log"), LOG));

        assertThat(log.arrivals().count()).isEqualTo(3);
        assertThat(log.opportunities().count()).isEqualTo(5);
        assertThat(log.departures().ms()).containsExactly(118, 119, 1100);
        assertThat(log.queueDelayMs()).containsExactly(1, 1, 982);
        assertThat(log.endMs()).isEqualTo(1101);
        // the link's trace clock starts at the base timestamp after the init timestamp
        assertThat(log.traceStartEpochMs()).isEqualTo(1795813059814L + 116);
    }

    @Test
    void throughputCountsBytesSentInTheWindow(@TempDir Path dir) throws Exception {
        LinkLog log = LinkLog.read(Files.writeString(dir.resolve("down.log"), LOG));

        // two 1504-byte packets in the first second: 24064 bit / 1 s
        assertThat(log.throughputMbps(0, 1000)).isCloseTo(0.024064, within(1e-12));
        assertThat(log.capacityMbps(0, 1000)).isCloseTo(0.036096, within(1e-12));
        assertThat(log.throughputOverTime(1000)).extracting(LinkLog.Sample::value)
                .containsExactly(0.024064, 0.012032);
    }

    @Test
    void queueingDelayIsAveragedPerBinAndRanked(@TempDir Path dir) throws Exception {
        LinkLog log = LinkLog.read(Files.writeString(dir.resolve("down.log"), LOG));

        assertThat(log.queueingDelayOverTime(1000)).containsExactly(new LinkLog.Sample(0.0, 1.0),
                new LinkLog.Sample(1.0, 982.0));
        assertThat(log.queueingDelayQuantileMs(0.5)).isEqualTo(1.0);
        assertThat(log.queueingDelayQuantileMs(1.0)).isEqualTo(982.0);
    }

    @Test
    void aMalformedLineIsReportedWithItsPlace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.log"), "# header\n117 # 1504\n118 ? 1504\n");

        assertThatThrownBy(() -> LinkLog.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.log:3").hasMessageContaining("118 ? 1504");
    }
}
