package org.netllm.server.abr;

import org.netllm.server.StrictJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.netllm.actors.abr.ChunkReport;

/**
 * Any request body: a chunk report is either refused as BadJson (400) or read with every number finite and within
 * the API's sane bounds; nothing else escapes. The corpus is in ReportParsingFuzzTestInputs.
 */
class ReportParsingFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void aBodyIsAReportWithinBoundsOrBadJson(byte[] body) {
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        ChunkReport report;
        try {
            report = DecisionApiHandler.parseReport(buffer);
        } catch (StrictJson.BadJson refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        } finally {
            buffer.release();
        }
        assertThat(report.index()).isNotNegative();
        assertThat(report.level()).isNotNegative();
        assertThat(Math.abs(report.bytes())).isLessThanOrEqualTo(DecisionApiHandler.MAX_BYTES);
        for (double x : new double[] {report.requestStartMs(), report.requestEndMs()}) {
            assertThat(Double.isFinite(x) && Math.abs(x) <= DecisionApiHandler.MAX_TIMESTAMP_MS).isTrue();
        }
        assertThat(report.requestEndMs() - report.requestStartMs()).isLessThanOrEqualTo(DecisionApiHandler.MAX_DOWNLOAD_MS);
        assertThat(Math.abs(report.bufferSeconds())).isLessThanOrEqualTo(DecisionApiHandler.MAX_BUFFER_SECONDS);
        assertThat(Math.abs(report.stallMs())).isLessThanOrEqualTo(DecisionApiHandler.MAX_STALL_MS);
    }
}
