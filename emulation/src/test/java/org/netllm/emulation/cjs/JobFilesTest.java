package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class JobFilesTest {

    @TempDir
    Path tmp;

    @Test
    void writtenArrivalsReadBackExactly() {
        List<JobSpec> jobs = JobSequences.generate(new SplittableRandom(5), 50);
        Path f = tmp.resolve("j.csv");
        JobFiles.write(f, jobs);
        assertThat(JobFiles.read(f)).isEqualTo(jobs);
    }

    @Test
    void referenceFilesReadWithTheirJobCounts() {
        assertThat(JobFiles.read(CjsData.jobFile("jobs-101.csv"))).hasSize(200)
                .first().isEqualTo(new JobSpec(0, 0.0, 19, "100g"));
        assertThat(JobFiles.read(CjsData.jobFile("jobs-104.csv"))).hasSize(50);
    }

    @Test
    void missingColumnNamesTheFileAndHeader() throws Exception {
        Path f = write("job,arrival_ms,query\n0,0.0,3\n");
        assertThatThrownBy(() -> JobFiles.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 1").hasMessageContaining("header");
    }

    @Test
    void missingCellNamesTheLine() throws Exception {
        Path f = write("job,arrival_ms,query,size\n0,0.0,3,2g\n1,5.0,4\n");
        assertThatThrownBy(() -> JobFiles.read(f)).hasMessageContaining("line 3").hasMessageContaining("4 columns");
    }

    @Test
    void nonNumericArrivalNamesLineAndField() throws Exception {
        Path f = write("job,arrival_ms,query,size\n0,0.0,3,2g\n1,soon,4,5g\n");
        assertThatThrownBy(() -> JobFiles.read(f)).hasMessageContaining("line 3").hasMessageContaining("arrival_ms");
    }

    @Test
    void decreasingArrivalIsRefused() throws Exception {
        Path f = write("job,arrival_ms,query,size\n0,0.0,3,2g\n1,500.0,4,5g\n2,400.0,4,5g\n");
        assertThatThrownBy(() -> JobFiles.read(f)).hasMessageContaining("line 4").hasMessageContaining("must not decrease");
    }

    @Test
    void unknownQueryOrSizeIsRefused() throws Exception {
        Path q = write("job,arrival_ms,query,size\n0,0.0,23,2g\n");
        assertThatThrownBy(() -> JobFiles.read(q)).hasMessageContaining("line 2").hasMessageContaining("unknown query 23");
        Path s = write("job,arrival_ms,query,size\n0,0.0,3,3g\n");
        assertThatThrownBy(() -> JobFiles.read(s)).hasMessageContaining("line 2").hasMessageContaining("unknown size '3g'");
    }

    private Path write(String text) throws Exception {
        Path f = Files.createTempFile(tmp, "jobs", ".csv");
        Files.writeString(f, text);
        return f;
    }
}
