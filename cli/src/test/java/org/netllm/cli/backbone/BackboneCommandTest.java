package org.netllm.cli.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.Main;

/** {@code netllm backbone info|forward} on the embedded MiniLM. */
class BackboneCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void infoPrintsArchitectureAndParameterCounts() {
        Run r = run("backbone", "info", "--model", "minilm", "--lora-rank", "8");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("family       bert").contains("layers       6")
                .contains("trainable 73,728 / total 22,639,104");
    }

    @Test
    void forwardWritesTheHiddenStatesAsNpy() throws Exception {
        Path npy = dir.resolve("h.npy");
        Run r = run("backbone", "forward", "--model", "minilm", "--tokens", "101,7592,2088,102", "--out", npy.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("hidden states [4, 384]");
        byte[] bytes = Files.readAllBytes(npy);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (4, 384)");
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength + 4 * 384 * 4);
    }

    @Test
    void tokenOutsideTheVocabularyExitsWithCode2() {
        Run r = run("backbone", "forward", "--model", "minilm", "--tokens", "101,99999");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("id 99999 is outside the vocabulary");
    }

    @Test
    void unknownModelExitsWithCode2() {
        Run r = run("backbone", "info", "--model", "no-such-model");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model 'no-such-model'");
    }
}
