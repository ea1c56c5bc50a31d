package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.cjs.RoundRobin;

/**
 * The Java simulator against the independent Python reference in {@code src/test/python/cjs_reference.py} (written
 * from the spec, standard library only) on job files neither has seen: per-job JCTs, makespan and decision counts
 * of FIFO, spark-fifo and Fair in deterministic mode. Skipped only when python3 is not on the PATH.
 */
class PythonReferenceParityTest {

    @TempDir
    Path tmp;

    @Test
    void javaAndPythonReferenceAgreeJobByJobOnGeneratedJobFiles() throws Exception {
        compare(4242, 120, 50);
        compare(777, 60, 20);
    }

    private void compare(long seed, int jobs, int executors) throws Exception {
        Path file = tmp.resolve("jobs-" + seed + ".csv");
        JobFiles.write(file, JobSequences.generate(new SplittableRandom(seed), jobs));
        List<String> lines = python(file, executors);
        for (RoundRobin scheduler : List.of(RoundRobin.fifo(), RoundRobin.sparkFifo(), RoundRobin.fair())) {
            EpisodeResult r = CjsEpisode.play(new CjsEpisode.Setup(file.getFileName().toString(), JobFiles.read(file),
                    CjsSimulator.Config.of(executors), new Randomness.Deterministic()), CjsData.library(), scheduler,
                    false);
            String summary = lines.stream().filter(l -> l.startsWith(scheduler.name() + "\t") && !l.contains("\tjob\t"))
                    .findFirst().orElseThrow(() -> new AssertionError("no line for " + scheduler.name() + " in " + lines));
            String[] cells = summary.split("\t");
            assertThat(r.avgJctS()).as("%s avg JCT, seed %d", scheduler.name(), seed)
                    .isCloseTo(Double.parseDouble(cells[1]), within(1e-9 * r.avgJctS()));
            assertThat(r.makespanS()).isCloseTo(Double.parseDouble(cells[2]), within(1e-9 * r.makespanS()));
            assertThat(r.decisions()).as("%s decisions", scheduler.name()).isEqualTo(Integer.parseInt(cells[3]));
            List<String> perJob = lines.stream().filter(l -> l.startsWith(scheduler.name() + "\tjob\t")).toList();
            assertThat(perJob).hasSize(jobs);
            for (String l : perJob) {
                String[] c = l.split("\t");
                double jct = r.jobs().get(Integer.parseInt(c[2])).jctS();
                assertThat(jct).as("%s job %s", scheduler.name(), c[2]).isCloseTo(Double.parseDouble(c[3]),
                        within(1e-9 * jct));
            }
        }
    }

    private List<String> python(Path jobFile, int executors) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", Path.of("src/test/python/cjs_reference.py").toString(),
                CjsData.root().resolve("tpch").toString(), jobFile.toString(), Integer.toString(executors), "fifo",
                "spark-fifo", "fair", "--jobs"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not available: " + e.getMessage());
            return List.of();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("python reference output: %s", output).isZero();
        return output.lines().toList();
    }
}
