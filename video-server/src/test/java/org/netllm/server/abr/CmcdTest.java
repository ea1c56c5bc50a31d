package org.netllm.server.abr;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmcdTest {

    private static Cmcd.Reading query(String value) {
        return Cmcd.read(List.of(value), new DefaultHttpHeaders());
    }

    @Test
    void readsTheQueryArgumentDashJsSends() {
        // As dash.js 5.2.1 sent it (percent-decoded), for a segment after a stall.
        Cmcd.Reading reading = query("bl=3900,br=4300,bs,cid=\"t\",d=4000,dl=3900,mtp=281400,"
                + "nor=\"chunk-5-00002.m4s\",ot=v,rtp=22100,sf=d,sid=\"923aec77-43c5-4282-b4b6-63052c1c9aaf\",st=v,su");

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.cmcd()).isEqualTo(new Cmcd("923aec77-43c5-4282-b4b6-63052c1c9aaf", "t", "v", 4300L, 3900L,
                4000L, 281400L, null, 3900L, true, true));
    }

    @Test
    void readsHeaderModeFromTheFourHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("CMCD-Object", "br=750,d=4000,ot=v,tb=4300")
                .add("CMCD-Request", "bl=12300, mtp=25400")
                .add("CMCD-Session", "cid=\"title\",sid=\"s-1\"")
                .add("CMCD-Status", "bs=?0");

        Cmcd cmcd = Cmcd.read(List.of(), headers).cmcd();

        assertThat(cmcd).isEqualTo(new Cmcd("s-1", "title", "v", 750L, 12300L, 4000L, 25400L, 4300L, null, false,
                false));
    }

    @Test
    void aKeyOfTheWrongTypeOrRangeIsIgnoredAloneAndNamed() {
        Cmcd.Reading reading = query("bl=\"full\",br=300,mtp=-5,ot=x,sid=\"a\",d=1.5");

        assertThat(reading.cmcd().bitrateKbps()).isEqualTo(300L);
        assertThat(reading.cmcd().sessionId()).isEqualTo("a");
        assertThat(reading.cmcd().bufferMs()).isNull();
        assertThat(reading.cmcd().throughputKbps()).isNull();
        assertThat(reading.cmcd().objectType()).isNull();
        assertThat(reading.cmcd().durationMs()).isNull();
        assertThat(reading.problems()).extracting(Cmcd.Problem::key).containsExactlyInAnyOrder("bl", "mtp", "ot", "d");
        assertThat(reading.problems()).filteredOn(p -> p.key().equals("bl")).singleElement()
                .extracting(Cmcd.Problem::message).asString().contains("integer");
    }

    @Test
    void aSessionIdLongerThanCta5004AllowsIsIgnored() {
        Cmcd.Reading reading = query("sid=\"" + "x".repeat(65) + "\",bl=100");

        assertThat(reading.cmcd().hasSession()).isFalse();
        assertThat(reading.cmcd().bufferMs()).isEqualTo(100L);
        assertThat(reading.problems()).singleElement().extracting(Cmcd.Problem::key).isEqualTo("sid");
    }

    @Test
    void aFieldThatIsNotADictionaryIsIgnoredWhole() {
        for (String bad : List.of("bl=1,,br=2", "bl=1,", "BL=1", "sid=\"unterminated", "bl=1 br=2",
                "bl=1234567890123456", "sid=\"tab\there\"")) {
            Cmcd.Reading reading = query(bad);
            assertThat(reading.cmcd()).as(bad).isEqualTo(Cmcd.NONE);
            assertThat(reading.present()).as(bad).isTrue();
            assertThat(reading.problems()).as(bad).singleElement().extracting(Cmcd.Problem::key).isEqualTo("syntax");
        }
    }

    @Test
    void unknownAndCustomKeysAreSkippedAndALaterDuplicateWins() {
        Cmcd.Reading reading = query("com.example-x=\"y\",pr=1.25,bl=100,bl=200,nrr=\"0-99\"");

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.cmcd().bufferMs()).isEqualTo(200L);
    }

    @Test
    void noCmcdIsNone() {
        assertThat(query("").present()).isFalse();
        assertThat(Cmcd.read(List.of(), new DefaultHttpHeaders()).present()).isFalse();
    }

    @Test
    void cmsdHeadersAreCta5006Dictionaries() {
        assertThat(CmsdHeaders.staticOf(750, 4000)).isEqualTo("br=750,d=4000,ot=v,sf=d,st=v");
        assertThat(CmsdHeaders.dynamicOf(java.util.OptionalLong.of(1200), java.util.OptionalLong.of(5100), false))
                .isEqualTo("\"netllm\";etp=5100;mb=1200");
        assertThat(CmsdHeaders.dynamicOf(java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), true))
                .isEqualTo("\"netllm\";du");
    }
}
