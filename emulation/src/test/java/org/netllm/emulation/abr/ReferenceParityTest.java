package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.controller.abr.Video;

/**
 * The Java simulator and controllers against the independent Python reference in {@code src/test/python}, written
 * from the semantics text. Runs a few traces of each set (the full sets take minutes in Python); skipped when
 * python3 is not on the PATH.
 */
class ReferenceParityTest {

    private static final int TRACES = 2;

    @Test
    void perTraceQoeMatchesThePythonReferenceOnFccTestWithItsStartPointers() throws Exception {
        Path abr = DataSets.abr();
        Path pointers = abr.resolve("traces/fcc-test-start-pointers.txt");
        compare("fcc-test", List.of("--pointers", pointers.toString()),
                TraceFiles.readStartPointers(pointers, TraceFiles.readDirectory(abr.resolve("traces/fcc-test"))));
    }

    @Test
    void perTraceQoeMatchesThePythonReferenceOnSyntheticTest() throws Exception {
        compare("synthetic-test", List.of(), null);
    }

    private void compare(String set, List<String> extra, int[] pointers) throws Exception {
        Path abr = DataSets.abr();
        List<String> command = new ArrayList<>(List.of("python3", Path.of("src/test/python/abr_reference.py")
                .toString(), abr.resolve("traces").resolve(set).toString(), abr.resolve("videos/envivio-dash3")
                .toString(), "--first", String.valueOf(TRACES)));
        command.addAll(extra);
        List<String> lines = run(command);
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces(set, TRACES);
        assertThat(lines).hasSize(TRACES);
        for (int t = 0; t < TRACES; t++) {
            String[] fields = lines.get(t).split("\t");
            assertThat(fields[0]).isEqualTo(traces.get(t).name());
            int pointer = pointers == null ? 1 : pointers[t];
            String[] names = {"bba", "mpc", "robust-mpc", "rate"};
            for (int p = 0; p < names.length; p++) {
                double java = AbrSession.play(AbrPolicies.byName(names[p]).newSession(), traces.get(t), video,
                        pointer).qoe();
                assertThat(java).as("%s on %s", names[p], fields[0])
                        .isCloseTo(Double.parseDouble(fields[p + 1]), within(1e-6));
            }
        }
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not available: " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("python reference output: %s", output).isZero();
        return output.lines().filter(l -> !l.isBlank()).toList();
    }
}
