package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.controller.abr.ChunkDownload;

class ExperiencePoolFileTest {

    private static ExperiencePool pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void collect() {
        ExperienceCollector.Plan plan = new ExperienceCollector.Plan(
                List.of(new AbrEvaluation.Online(AbrPolicies.byName("bba")), new AbrEvaluation.Online(AbrPolicies.byName("robust-mpc@eps=0.3"))),
                TestData.traces("fcc-train", 4), TestData.envivio(), 6, 11L);
        pool = ExperienceCollector.collect(plan, 2, (done, total) -> { });
    }

    @Test
    void poolSurvivesAWriteReadRoundTrip() {
        Path file = dir.resolve("pool.nlxp");
        ExperiencePoolFile.write(pool, file);
        ExperiencePool back = ExperiencePoolFile.read(file);

        assertThat(back.seed()).isEqualTo(11L);
        assertThat(back.policies()).containsExactly("bba", "robust-mpc@eps=0.3");
        assertThat(back.traces()).isEqualTo(pool.traces());
        assertThat(back.qoe()).isEqualTo(pool.qoe());
        assertThat(back.video().bitratesKbps()).containsExactly(300, 750, 1200, 1850, 2850, 4300);
        assertThat(back.video().chunkBytes()).isDeepEqualTo(pool.video().chunkBytes());
        assertThat(back.episodes()).hasSize(6);
        assertThat(back.stepCount()).isEqualTo(6 * 47);
        for (int e = 0; e < 6; e++) {
            Episode a = pool.episodes().get(e);
            Episode b = back.episodes().get(e);
            assertThat(b.policy()).isEqualTo(a.policy());
            assertThat(b.trace()).isEqualTo(a.trace());
            assertThat(b.startPointer()).isEqualTo(a.startPointer());
            assertThat(b.rewards()).containsExactly(a.rewards());
            for (int k = 0; k < a.downloads().size(); k++) {
                ChunkDownload x = a.downloads().get(k);
                ChunkDownload y = b.downloads().get(k);
                assertThat(y.index()).isEqualTo(k);
                assertThat(y.level()).isEqualTo(x.level());
                assertThat(y.bytes()).isEqualTo(x.bytes());
                assertThat(y.delayMs()).isEqualTo((float) x.delayMs());
                assertThat(y.rebufferMs()).isEqualTo((float) x.rebufferMs());
                assertThat(y.bufferMs()).isEqualTo((float) x.bufferMs());
            }
        }
    }

    @Test
    void fileTakesTwentyOneBytesPerChunk() throws IOException {
        Path file = dir.resolve("pool.nlxp");
        ExperiencePoolFile.write(pool, file);
        long chunks = pool.episodes().size() * 48L;
        long episodeHeaders = pool.episodes().size() * 7L;
        long bodyAndHeader = Files.size(file) - chunks * 17 - pool.stepCount() * 4 - episodeHeaders;
        // what remains is the header (video sizes dominate: 6 x 48 x 4 bytes) and the 8-byte trailer
        assertThat(bodyAndHeader).isBetween(6L * 48 * 4, 6L * 48 * 4 + 400);
    }

    @Test
    void truncatedPoolIsRejectedWithAClearMessage() throws IOException {
        Path file = dir.resolve("pool.nlxp");
        ExperiencePoolFile.write(pool, file);
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[] {3, 100, bytes.length / 2, bytes.length - 4}) {
            Path cut = dir.resolve("cut-" + keep + ".nlxp");
            Files.write(cut, Arrays.copyOf(bytes, keep));
            assertThatThrownBy(() -> ExperiencePoolFile.read(cut))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageContaining("truncated")
                    .hasMessageContaining("netllm abr collect");
        }
    }

    @Test
    void poolOfAnotherFormatVersionIsRejected() throws IOException {
        Path file = dir.resolve("pool.nlxp");
        ExperiencePoolFile.write(pool, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[5] = 2;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ExperiencePoolFile.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("format version 2")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void fileThatIsNotAPoolIsRejected() throws IOException {
        Path file = dir.resolve("traces.txt");
        Files.writeString(file, "0.0 1.5\n1.0 2.5\n");
        assertThatThrownBy(() -> ExperiencePoolFile.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an experience pool");
        assertThatThrownBy(() -> ExperiencePoolFile.read(dir.resolve("missing.nlxp")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path file = dir.resolve("pool.nlxp");
        ExperiencePoolFile.write(pool, file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x10;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ExperiencePoolFile.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("corrupted");
    }
}
