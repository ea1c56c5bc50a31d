package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrWorld.SplitName;
import org.netllm.errors.InvalidInputException;

class AbrWorldTest {

    /** The project's recipe, read as a user's command reads it. */
    private static final AbrWorld WORLD = AbrWorld.read(Path.of("../adaptation/recipes/abr-world.json"));
    private static final Video ENVIVIO = DataSets.envivio();
    private static final List<Trace> TRAIN = DataSets.traces("fcc-train", 104);
    private static final List<Trace> VALID = DataSets.traces("fcc-valid", 50);

    @Test
    void aSessionIsAPureFunctionOfTheSplitSeedAndItsIndex() {
        AbrWorld.Session a = WORLD.session(SplitName.TRAIN, 17, TRAIN, ENVIVIO);
        AbrWorld.Session b = WORLD.sessions(SplitName.TRAIN, 18, TRAIN, ENVIVIO).get(17);
        assertThat(b.link().mbps()).containsExactly(a.link().mbps());
        assertThat(b.link().rttMs()).isEqualTo(a.link().rttMs());
        assertThat(b.video().chunkBytes()).isDeepEqualTo(a.video().chunkBytes());
        assertThat(b.startPointer()).isEqualTo(a.startPointer());
        assertThat(b.kind()).isEqualTo(a.kind());
    }

    @Test
    void drawsSpanTheRecipesRangesAndTheSplitsDiffer() {
        List<AbrWorld.Session> train = WORLD.sessions(SplitName.TRAIN, 400, TRAIN, ENVIVIO);
        Set<Integer> levelCounts = new TreeSet<>();
        int fcc = 0;
        int outages = 0;
        int envivio = 0;
        double fastest = 0;
        for (AbrWorld.Session s : train) {
            assertThat(s.link().rttMs()).isBetween(20.0, 300.0);
            assertThat(s.startPointer()).isBetween(1, s.link().length() - 1);
            assertThat(s.video().chunkCount()).isEqualTo(48);
            assertThat(s.video().bitratesKbps()).isSorted().doesNotHaveDuplicates()
                    .isNotEqualTo(SynthVideo.HIGH_BITRATE.bitratesKbps());
            levelCounts.add(s.video().levels());
            fcc += s.kind().startsWith("fcc") ? 1 : 0;
            outages += s.kind().endsWith("+ outages") ? 1 : 0;
            envivio += s.video() == ENVIVIO ? 1 : 0;
            if (s.kind().startsWith("markov")) {
                fastest = Math.max(fastest, Arrays.stream(s.link().mbps()).max().orElseThrow());
                assertThat(Arrays.stream(s.link().mbps()).min().orElseThrow()).isGreaterThanOrEqualTo(
                        SynthTrace.FLOOR_MBPS);
            }
        }
        assertThat(levelCounts).containsExactly(4, 5, 6, 7, 8);
        assertThat(fcc).isBetween(100, 180);       // share 0.35 of 400
        assertThat(outages).isBetween(80, 160);    // share 0.3
        assertThat(envivio).isBetween(80, 160);    // share 0.3
        assertThat(fastest).isGreaterThan(30.0);
        AbrWorld.Session validation = WORLD.session(SplitName.VALIDATION, 0, VALID, ENVIVIO);
        assertThat(validation.link().mbps()).isNotEqualTo(train.get(0).link().mbps());
    }

    @Test
    void fccLinksComeFromTheSplitsOwnSet() {
        for (AbrWorld.Session s : WORLD.sessions(SplitName.VALIDATION, 60, VALID, ENVIVIO)) {
            if (s.kind().startsWith("fcc") && !s.kind().endsWith("outages")) {
                double scale = Double.parseDouble(s.kind().substring(5));
                boolean fromValid = VALID.stream().anyMatch(v -> v.length() == s.link().length()
                        && Math.abs(v.mbps()[1] * scale - s.link().mbps()[1]) < 0.01 * v.mbps()[1] + 1e-9
                        && Math.abs(v.mbps()[7] * scale - s.link().mbps()[7]) < 0.01 * v.mbps()[7] + 1e-9);
                assertThat(fromValid).as(s.kind()).isTrue();
            }
        }
    }

    @Test
    void outagesHoldTheFloorRateForTheirLength() {
        Trace flat = SynthTrace.WIDE.generate("flat", 3);
        AbrWorld.Outages always = new AbrWorld.Outages(1.0, new AbrWorld.Range(6.0, 6.0),
                new AbrWorld.Range(3.0, 3.0));
        Trace cut = AbrWorld.withOutages(flat, always, new SplittableRandom(1));
        long floored = Arrays.stream(cut.mbps()).filter(r -> r == SynthTrace.FLOOR_MBPS).count();
        // One outage of 3 s starts on average every 10 s: about 3 floored samples in every 13 s.
        assertThat(floored).isBetween(40L, 110L);
        for (int i = 0; i < cut.length(); i++) {
            assertThat(cut.mbps()[i]).isIn(flat.mbps()[i], SynthTrace.FLOOR_MBPS);
        }
    }

    @Test
    void theProjectRecipeExcludesTheTestSynthVideoLadder() {
        assertThat(WORLD.videos().excluded()).anySatisfy(l -> assertThat(l)
                .containsExactly(SynthVideo.HIGH_BITRATE.bitratesKbps()));
        assertThat(WORLD.train().seed()).isNotEqualTo(WORLD.validation().seed());
        assertThat(WORLD.train().fcc()).isEqualTo("fcc-train");
        assertThat(WORLD.validation().fcc()).isEqualTo("fcc-valid");
    }

    @Test
    void aRecipeWithAnUnknownOrMissingFieldIsOneMessageNamingIt(@TempDir Path tmp) throws Exception {
        String text = Files.readString(Path.of("../adaptation/recipes/abr-world.json"));
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, text.replace("\"fcc_share\"", "\"fcc_shares\": 1, \"fcc_share\""));
        assertThatThrownBy(() -> AbrWorld.read(unknown)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fcc_shares").hasMessageContaining("links").hasMessageContaining("docs/abr-world.md");
        Path missing = tmp.resolve("missing.json");
        Files.writeString(missing, text.replace("\"fcc_share\": 0.35,", ""));
        assertThatThrownBy(() -> AbrWorld.read(missing)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'fcc_share'");
        Path badRange = tmp.resolve("range.json");
        Files.writeString(badRange, text.replace("\"rtt_ms\": [20.0, 300.0]", "\"rtt_ms\": [300.0, 20.0]"));
        assertThatThrownBy(() -> AbrWorld.read(badRange)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("min <= max").hasMessageContaining("rtt_ms");
    }
}
