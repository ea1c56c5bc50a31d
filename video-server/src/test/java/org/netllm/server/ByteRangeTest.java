package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    private static ByteRange.Request parse(String header) {
        return ByteRange.parse(header, 1000);
    }

    @Test
    void validRangesFollowRfc9110() {
        assertThat(parse("bytes=0-0")).isEqualTo(new ByteRange.Part(new ByteRange(0, 0)));
        assertThat(parse("bytes=10-")).isEqualTo(new ByteRange.Part(new ByteRange(10, 999)));
        assertThat(parse("bytes=990-5000")).isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
        assertThat(parse("bytes=-10")).isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
        assertThat(parse("Bytes=\t1-2 ")).isEqualTo(new ByteRange.Part(new ByteRange(1, 2)));
        assertThat(parse("bytes=1000-")).isEqualTo(new ByteRange.Unsatisfiable());
        assertThat(parse("bytes=-0")).isEqualTo(new ByteRange.Unsatisfiable());
        assertThat(parse("bytes=99999999999999999999999999-")).isEqualTo(new ByteRange.Unsatisfiable());
        assertThat(parse("bytes=0-99999999999999999999999999")).isEqualTo(new ByteRange.Part(new ByteRange(0, 999)));
    }

    @Test
    void anythingOutsideTheGrammarIsIgnored() {
        for (String header : new String[] {null, "", "bytes", "bytes=", "bytes=-", "bytes=+1-2", "bytes=1-+2",
                "bytes=0x10-20", "bytes=1e3-2000", "bytes=2-1", "bytes=1-2,3-4", "bytes=١-٢", "lines=1-2",
                "bytes=1--2", "bytes=--2"}) {
            assertThat(parse(header)).as(String.valueOf(header)).isEqualTo(new ByteRange.Whole());
        }
    }
}
