package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class TraceFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsTimeAndBandwidthColumnsSkippingBlankLines() throws IOException {
        Trace trace = TraceFiles.read(file("t", "0.0\t1.5\n\n1.0 2.5\n2.0  0.0\n"));
        assertThat(trace.timesSeconds()).containsExactly(0.0, 1.0, 2.0);
        assertThat(trace.mbps()).containsExactly(1.5, 2.5, 0.0);
        assertThat(trace.name()).isEqualTo("t");
    }

    @Test
    void aNonNumericFieldIsReportedWithFileAndLine() throws IOException {
        Path bad = file("bad", "0 1\n1 fast\n");
        assertThatThrownBy(() -> TraceFiles.read(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(bad + ":2").hasMessageContaining("bandwidth 'fast' is not a number");
    }

    @Test
    void aLineWithOneColumnSaysWhatIsExpected() throws IOException {
        Path bad = file("bad", "0 1\n1\n");
        assertThatThrownBy(() -> TraceFiles.read(bad)).hasMessageContaining(bad + ":2")
                .hasMessageContaining("expected 'time_seconds bandwidth_Mbps'");
    }

    @Test
    void fewerThanTwoSamplesAreRejected() throws IOException {
        Path bad = file("one", "0 1\n");
        assertThatThrownBy(() -> TraceFiles.read(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("at least 2 samples, found 1");
    }

    @Test
    void timeThatDoesNotIncreaseIsRejectedAtItsLine() throws IOException {
        Path bad = file("back", "0 1\n1 1\n1 1\n");
        assertThatThrownBy(() -> TraceFiles.read(bad)).hasMessageContaining(bad + ":3")
                .hasMessageContaining("does not increase");
    }

    @Test
    void aTraceThatCanNeverDeliverIsRejected() throws IOException {
        Path zero = file("zero", "0 0\n1 0\n2 0\n");
        assertThatThrownBy(() -> TraceFiles.read(zero)).hasMessageContaining(zero.toString())
                .hasMessageContaining("no sample after the first has a positive bandwidth");
        // The first sample's rate is never used by the simulator, so it alone does not make the trace usable.
        Path onlyFirst = file("first", "0 5\n1 0\n2 0\n");
        assertThatThrownBy(() -> TraceFiles.read(onlyFirst)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void negativeBandwidthAndTimeAreRejected() throws IOException {
        Path bw = file("bw", "0 1\n1 -2\n");
        assertThatThrownBy(() -> TraceFiles.read(bw)).hasMessageContaining(bw + ":2")
                .hasMessageContaining("negative bandwidth");
        Path time = file("time", "-1 1\n1 2\n");
        assertThatThrownBy(() -> TraceFiles.read(time)).hasMessageContaining(time + ":1")
                .hasMessageContaining("negative time");
    }

    @Test
    void aMissingDirectorySuggestsWhatToPass() {
        assertThatThrownBy(() -> TraceFiles.readDirectory(dir.resolve("nope")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }

    @Test
    void startPointersMustMatchTheTracesInCountAndRange() throws IOException {
        Path traces = Files.createDirectory(dir.resolve("traces"));
        Files.writeString(traces.resolve("a"), "0 1\n1 1\n2 1\n");
        Files.writeString(traces.resolve("b"), "0 1\n1 1\n");
        List<Trace> read = TraceFiles.readDirectory(traces);
        assertThat(TraceFiles.readStartPointers(file("ok", "2\n1\n"), read)).containsExactly(2, 1);
        Path outside = file("outside", "2\n2\n");
        assertThatThrownBy(() -> TraceFiles.readStartPointers(outside, read)).hasMessageContaining(outside + ":2")
                .hasMessageContaining("valid: 1..1");
        Path tooFew = file("few", "1\n");
        assertThatThrownBy(() -> TraceFiles.readStartPointers(tooFew, read))
                .hasMessageContaining("1 start pointers for 2 traces");
    }

    @Test
    void writtenTracesReadBackUnchanged() {
        List<Trace> traces = SynthTrace.WIDE.generate(3, 11);
        TraceFiles.writeDirectory(traces, dir.resolve("out"));
        List<Trace> back = TraceFiles.readDirectory(dir.resolve("out"));
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i).name()).isEqualTo(traces.get(i).name());
            assertThat(back.get(i).timesSeconds()).containsExactly(traces.get(i).timesSeconds());
            assertThat(back.get(i).mbps()).containsExactly(traces.get(i).mbps());
        }
    }
}
