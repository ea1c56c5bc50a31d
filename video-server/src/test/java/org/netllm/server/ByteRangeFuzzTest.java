package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any Range header against any file length: the parser never throws, and a part it asks for lies inside the file.
 * Without JAZZER_FUZZ=1 this replays the committed corpus (ByteRangeFuzzTestInputs); video-server's {@code fuzz}
 * executions fuzz it for a fixed budget.
 */
class ByteRangeFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void aRangeIsAlwaysInsideTheFileOrNone(FuzzedDataProvider data) {
        // Up to 2^62: wide enough for every file and for lengths near overflow, without the provider's full range.
        long length = data.consumeLong(0, 1L << 62);
        String header = data.consumeRemainingAsString();
        ByteRange.Request request = ByteRange.parse(header, length);
        if (request instanceof ByteRange.Part part) {
            assertThat(length).isPositive();
            assertThat(part.range().first()).isBetween(0L, length - 1);
            assertThat(part.range().last()).isBetween(part.range().first(), length - 1);
            assertThat(header.regionMatches(true, 0, "bytes=", 0, 6)).isTrue();
        }
    }
}
