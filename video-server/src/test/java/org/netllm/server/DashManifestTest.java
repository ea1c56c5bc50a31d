package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;

class DashManifestTest {

    private static final Path WHERE = Path.of("content/manifest.mpd");

    /** As ffmpeg's dash muxer writes it (make-video.sh --audio), namespaces, comments and all. */
    private static final String FFMPEG = """
            <?xml version="1.0" encoding="utf-8"?>
            <MPD xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            \txmlns="urn:mpeg:dash:schema:mpd:2011"
            \txmlns:xlink="http://www.w3.org/1999/xlink"
            \tprofiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT32.0S">
            \t<ProgramInformation>
            \t</ProgramInformation>
            \t<Period id="0" start="PT0.0S">
            \t\t<!-- the audio set comes first here; its representation is not a level -->
            \t\t<AdaptationSet id="1" contentType="audio" segmentAlignment="true">
            \t\t\t<Representation id="6" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="127999">
            \t\t\t\t<SegmentTemplate timescale="48000" duration="96000" media="chunk-6-$Number%05d$.m4s"/>
            \t\t\t</Representation>
            \t\t</AdaptationSet>
            \t\t<AdaptationSet id="0" contentType="video" startWithSAP="1" frameRate="25/1">
            \t\t\t<Representation id="0" mimeType="video/mp4" codecs="avc1.42c00d" bandwidth="300000" width="384">
            \t\t\t\t<SegmentTemplate timescale="1000000" duration="4000000" startNumber="1"
            \t\t\t\t\tinitialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s">
            \t\t\t\t</SegmentTemplate>
            \t\t\t</Representation>
            \t\t\t<Representation id="1" mimeType="video/mp4" codecs="avc1.42c01e" bandwidth="750000" width="640">
            \t\t\t\t<SegmentTemplate timescale="1000000" duration="4000000" startNumber="1"/>
            \t\t\t</Representation>
            \t\t</AdaptationSet>
            \t</Period>
            </MPD>
            """;

    @Test
    void anFfmpegManifestGivesTheVideoLadderTheSegmentDurationAndTheAudioBitrate() {
        DashManifest m = DashManifest.parse(FFMPEG, WHERE);
        assertThat(m.videoBandwidthsBps()).containsExactly(300_000L, 750_000L);
        assertThat(m.segmentSeconds()).isEqualTo(4.0);
        assertThat(m.audioBandwidthBps()).isEqualTo(127_999L);
    }

    @Test
    void attributeOrderPrefixesAndCommentedOutElementsDoNotMatter() {
        String mpd = """
                <mpd:MPD xmlns:mpd="urn:mpeg:dash:schema:mpd:2011" type="static"><mpd:Period>
                  <mpd:AdaptationSet mimeType="video/mp4">
                    <mpd:SegmentTemplate duration="2002" timescale="1000"/>
                    <!-- <mpd:Representation id="0" bandwidth="1"/> -->
                    <mpd:Representation bandwidth="400000" id="0"/>
                    <mpd:Representation codecs="avc1" bandwidth="1200000" id="1"/>
                  </mpd:AdaptationSet>
                  <mpd:AdaptationSet mimeType="audio/mp4"><mpd:Representation bandwidth="64000" id="a"/>
                  </mpd:AdaptationSet>
                </mpd:Period></mpd:MPD>
                """;
        DashManifest m = DashManifest.parse(mpd, WHERE);
        assertThat(m.videoBandwidthsBps()).containsExactly(400_000L, 1_200_000L);
        assertThat(m.segmentSeconds()).isEqualTo(2.002);
        assertThat(m.audioBandwidthBps()).isEqualTo(64_000L);
    }

    @Test
    void aMissingTimescaleIsOneAsTheStandardSays() {
        String mpd = "<MPD><Period><AdaptationSet><SegmentTemplate duration=\"4\"/>"
                + "<Representation id=\"0\" bandwidth=\"300000\"/></AdaptationSet></Period></MPD>";
        assertThat(DashManifest.parse(mpd, WHERE).segmentSeconds()).isEqualTo(4.0);
    }

    @Test
    void representationIdsOutOfOrderAreNamed() {
        String mpd = "<MPD><Period><AdaptationSet><SegmentTemplate timescale=\"1\" duration=\"4\"/>"
                + "<Representation id=\"1\" bandwidth=\"750000\"/><Representation id=\"0\" bandwidth=\"300000\"/>"
                + "</AdaptationSet></Period></MPD>";
        assertThatThrownBy(() -> DashManifest.parse(mpd, WHERE)).isInstanceOf(InvalidInputException.class)
                .hasMessage(WHERE + ": representation ids must be 0, 1, 2, ... in bitrate order (found id '1' at "
                        + "position 0)");
    }

    @Test
    void aManifestWithoutLadderOrDurationSaysWhatIsMissing() {
        assertThatThrownBy(() -> DashManifest.parse("<MPD><Period/></MPD>", WHERE))
                .hasMessage(WHERE + ": no <Representation id=... bandwidth=...> found");
        assertThatThrownBy(() -> DashManifest.parse("<MPD><Period><AdaptationSet><Representation id=\"0\" "
                + "bandwidth=\"300000\"/></AdaptationSet></Period></MPD>", WHERE))
                .hasMessage(WHERE + ": no <SegmentTemplate timescale=... duration=...> found");
        assertThatThrownBy(() -> DashManifest.parse("<MPD><Period><AdaptationSet><Representation id=\"0\" "
                + "bandwidth=\"fast\"/></AdaptationSet></Period></MPD>", WHERE))
                .hasMessageContaining("<Representation id=\"0\"> needs a whole, non-negative bandwidth, got 'fast'");
    }

    @Test
    void anExternalEntityIsRefusedNotFetched() {
        String mpd = """
                <?xml version="1.0"?>
                <!DOCTYPE MPD [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <MPD><Period><AdaptationSet><Representation id="0" bandwidth="300000">&x;</Representation>
                </AdaptationSet></Period></MPD>
                """;
        assertThatThrownBy(() -> DashManifest.parse(mpd, WHERE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(WHERE + " is not a DASH manifest the server can read")
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void brokenXmlIsAUserErrorNamingTheFile() {
        assertThatThrownBy(() -> DashManifest.parse("<MPD><Period>", WHERE)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(WHERE + " is not a DASH manifest the server can read");
    }
}
