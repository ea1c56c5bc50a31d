package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netllm.controller.vp.VpPredictors;

/**
 * LR, Velocity and the metric against the independent Python reference in {@code src/test/python/vp_reference.py},
 * written from the task's rules, on Wu2017 validation (traces no other test uses); skipped without python3.
 */
class VpReferenceParityTest {

    @Test
    void perTraceMaeMatchesThePythonReferenceOnWu2017Validation() throws Exception {
        VpSplit split = VpSplit.of("Wu2017", VpSplit.Part.VALID);
        Path dataset = VpDataSets.dataset("Wu2017");
        List<String> lines = run(List.of("python3", "src/test/python/vp_reference.py", dataset.toString(),
                "--videos", join(split.videos()), "--users", join(split.users()), "--hw", "10", "--pw", "20"));
        List<HeadTrace> traces = HeadTraceFiles.read(dataset, split);
        assertThat(lines).hasSize(traces.size() + 1);
        for (int t = 0; t < traces.size(); t++) {
            String[] f = lines.get(t).split("\t");
            assertThat(f[0]).isEqualTo(traces.get(t).name());
            List<VpSample> samples = VpSamples.of(traces.get(t), 10, 20);
            assertThat(samples).hasSize(Integer.parseInt(f[1]));
            assertThat(VpEvaluation.score(VpPredictors.byName("lr", null), samples, 20).mae())
                    .as("lr on %s", f[0]).isCloseTo(Double.parseDouble(f[2]), within(1e-6));
            assertThat(VpEvaluation.score(VpPredictors.byName("velocity", null), samples, 20).mae())
                    .as("velocity on %s", f[0]).isCloseTo(Double.parseDouble(f[3]), within(1e-6));
        }
        String[] all = lines.get(traces.size()).split("\t");
        List<VpSample> samples = VpSamples.of(traces, 10, 20);
        assertThat(samples).hasSize(Integer.parseInt(all[1]));
        assertThat(VpEvaluation.score(VpPredictors.byName("lr", null), samples, 20).mae())
                .isCloseTo(Double.parseDouble(all[2]), within(1e-6));
        assertThat(VpEvaluation.score(VpPredictors.byName("velocity", null), samples, 20).mae())
                .isCloseTo(Double.parseDouble(all[3]), within(1e-6));
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
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
