package org.netllm.emulation.mahimahi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.Trace;

class PacketDeliveryTraceTest {

    @Test
    void twelveMegabitsPerSecondIsOnePacketEveryMillisecond() {
        PacketDeliveryTrace trace = PacketDeliveryTrace.constantRate(12.0, 1000);

        assertThat(trace.packets()).isEqualTo(1000);
        assertThat(trace.deliveryMs()[0]).isEqualTo(1);
        assertThat(trace.deliveryMs()[999]).isEqualTo(1000);
        assertThat(trace.meanMbps()).isEqualTo(12.0);
    }

    @Test
    void fractionalPacketsCarryAcrossIntervals() {
        // 12.006 Mbit/s for 1 s offers 1000.5 packets: dropping the half in each interval would lose 2 packets
        // in 4 s; carrying it gives 1000, 1001, 1000, 1001.
        double mbps = 1000.5 * 1500 * 8 / 1e6;
        Trace trace = new Trace("half", new double[] {0, 1, 2, 3, 4}, new double[] {mbps, mbps, mbps, mbps, mbps});

        PacketDeliveryTrace packets = PacketDeliveryTrace.fromBandwidth(trace, 1);

        assertThat(packets.packetsBy(1000)).isEqualTo(1000);
        assertThat(packets.packetsBy(2000) - packets.packetsBy(1000)).isEqualTo(1001);
        assertThat(packets.packetsBy(3000) - packets.packetsBy(2000)).isEqualTo(1000);
        assertThat(packets.packets()).isEqualTo(4002);
        assertThat(packets.periodMs()).isEqualTo(4000);
    }

    @Test
    void deliveredPacketsEqualOfferedBytesAtEveryIntervalBoundary() {
        // Irregular, Norway-like sample times and rates, outages included.
        SplittableRandom random = new SplittableRandom(7);
        int n = 200;
        double[] t = new double[n];
        double[] mbps = new double[n];
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1] + 0.8 + random.nextInt(500) / 1000.0;
            mbps[i] = random.nextInt(10) == 0 ? 0.0 : random.nextDouble(0.05, 9.0);
        }
        mbps[n - 1] = 3.3;
        Trace trace = new Trace("irregular", t, mbps);

        PacketDeliveryTrace packets = PacketDeliveryTrace.fromBandwidth(trace, 1);

        double offered = 0;
        for (int i = 1; i < n; i++) {
            offered += mbps[i] * 1e6 / 8 * (t[i] - t[i - 1]);
            int boundaryMs = (int) Math.round(t[i] * 1000);
            double exactAtBoundary = offered / 1500;
            // sample times are whole milliseconds, so the count there is floor() of the bytes offered so far
            assertThat((double) packets.packetsBy(boundaryMs)).as("packets by %d ms", boundaryMs)
                    .isBetween(exactAtBoundary - 1 + 1e-6, exactAtBoundary + 1e-6);
        }
        assertThat(packets.packets()).isEqualTo((int) Math.floor(offered / 1500 + 1e-9));
        assertThat(packets.periodMs()).isEqualTo((int) Math.round(t[n - 1] * 1000));
    }

    @Test
    void startPointerRotatesTheCycleAsTheSimulatorReplaysIt() {
        // segment i spans t[i-1]..t[i] at mbps[i]; from pointer 2: 24, 36, then segment 1 (0..1 s) at 12
        Trace trace = new Trace("steps", new double[] {0, 1, 2, 3}, new double[] {99, 12, 24, 36});

        PacketDeliveryTrace packets = PacketDeliveryTrace.fromBandwidth(trace, 2);

        assertThat(packets.packetsBy(1000)).isEqualTo(2000);
        assertThat(packets.packetsBy(2000)).isEqualTo(5000);
        assertThat(packets.packets()).isEqualTo(6000);
        assertThat(packets.periodMs()).isEqualTo(3000);
    }

    @Test
    void aChunkArrivesWhenTheSimulatorSaysIt() {
        // The simulator moves 95% of the link's bytes as payload; the packet trace must carry the same bytes.
        Trace trace = new Trace("ramp", new double[] {0, 2, 4, 6, 8, 10}, new double[] {0, 1.5, 0.4, 3.0, 0.0, 2.2});
        long chunkBytes = 1_400_000;
        Video video = new Video("one", new int[] {300}, new long[][] {{chunkBytes, chunkBytes}}, 4.0);
        for (int start = 1; start < trace.length(); start++) {
            ChunkDownload first = new AbrSimulator(trace, video, start).download(0);
            double simulatedTransferMs = first.delayMs() - AbrSimulator.RTT_MS;

            PacketDeliveryTrace packets = PacketDeliveryTrace.fromBandwidth(trace, start);
            int ms = 0;
            while (packets.packetsBy(ms) * 1500.0 * AbrSimulator.PACKET_PAYLOAD_PORTION < chunkBytes) {
                ms++;
            }

            // a whole 1500-byte packet at the slowest nonzero rate (0.4 Mbit/s) takes 30 ms
            assertThat((double) ms).as("start pointer %d", start).isCloseTo(simulatedTransferMs, within(31.0));
        }
    }

    @Test
    void anOutageAtTheEndKeepsThePeriod() {
        Trace trace = new Trace("outage", new double[] {0, 1, 2}, new double[] {0, 1.2, 0.0});

        PacketDeliveryTrace packets = PacketDeliveryTrace.fromBandwidth(trace, 1);

        assertThat(packets.periodMs()).isEqualTo(2000);
        assertThat(packets.packets()).isEqualTo(100);
        assertThat(packets.packetsBy(1000)).isEqualTo(99);
    }

    @Test
    void aTraceOfferingNoWholePacketIsRefused() {
        Trace trace = new Trace("empty", new double[] {0, 1}, new double[] {0, 0.001});

        assertThatThrownBy(() -> PacketDeliveryTrace.fromBandwidth(trace, 1))
                .hasMessageContaining("less than one 1500-byte packet");
    }

    @Test
    void writtenFileListsOneDeliveryPerLineReadableByAll(@TempDir Path dir) throws Exception {
        Path file = PacketDeliveryTrace.constantRate(24.0, 3).write(dir.resolve("24mbps"));

        assertThat(Files.readAllLines(file)).isEqualTo(List.of("1", "1", "2", "2", "3", "3"));
        assertThat(Files.getPosixFilePermissions(file).toString()).contains("OTHERS_READ");
    }
}
