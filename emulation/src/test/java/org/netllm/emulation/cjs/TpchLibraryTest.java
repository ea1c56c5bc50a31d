package org.netllm.emulation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class TpchLibraryTest {

    @TempDir
    Path tmp;

    @Test
    void preprocessingRemovesFreshValuesOnceAndFillsEmptyListsInNumericKeyOrder() throws Exception {
        // first_wave "5" loses one 7 (fresh has one), "10" becomes empty and takes "5"'s list, "20" keeps its own.
        Path f = write("""
                {"adjacency": [[0]], "task_durations_ms": [{"stage": 0,
                  "first_wave": {"2": [3, 4], "5": [7, 7, 8], "10": [9], "20": [11]},
                  "rest_wave": {"2": [1, 1, 1], "5": [], "10": [], "20": []},
                  "fresh_durations": {"2": [3, 4], "5": [7], "10": [9], "20": []}}]}
                """);
        StageTemplate s = TpchLibrary.read(f, 1, "2g").stages()[0];
        assertThat(s.tasks()).isEqualTo(5); // len(first "2") + len(rest "2"), before preprocessing
        assertThat(s.firstWave()[2]).isEmpty();
        assertThat(s.firstWave()[5]).containsExactly(7, 8);
        assertThat(s.firstWave()[10]).containsExactly(7, 8);
        assertThat(s.firstWave()[20]).containsExactly(11);
        assertThat(s.largestKey()).isEqualTo(20);
        // fresh 3+4+7+9, first (filled lists counted again) 7+8+7+8+11, rest 1+1+1: 67 over 12 values.
        assertThat(s.initialDurationMs()).isEqualTo(67.0 / 12);
    }

    @Test
    void realTemplatesLoadWithDependencies() {
        JobTemplate q1 = CjsData.library().template(1, "2g");
        assertThat(q1.stageCount()).isEqualTo(4);
        assertThat(q1.parents()[1]).containsExactly(0);
        assertThat(q1.children()[0]).containsExactly(1);
        assertThat(q1.stages()[0].tasks()).isEqualTo(2 + 10);
    }

    @Test
    void notJsonNamesFileAndLine() throws Exception {
        Path f = write("{\"adjacency\": [[0]],\n \"task_durations_ms\": [}\n");
        assertThatThrownBy(() -> TpchLibrary.read(f, 1, "2g")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not JSON").hasMessageContaining("line 2");
    }

    @Test
    void nonSquareAdjacencyIsRefused() throws Exception {
        Path f = write("{\"adjacency\": [[0, 1], [0]], \"task_durations_ms\": []}");
        assertThatThrownBy(() -> TpchLibrary.read(f, 1, "2g")).hasMessageContaining("not square")
                .hasMessageContaining("row 1");
    }

    @Test
    void cyclicAdjacencyIsRefused() throws Exception {
        Path f = write("{\"adjacency\": [[0, 1], [1, 0]], \"task_durations_ms\": []}");
        assertThatThrownBy(() -> TpchLibrary.read(f, 1, "2g")).hasMessageContaining("cyclic");
    }

    @Test
    void stageWithoutDurationListsIsRefused() throws Exception {
        Path f = write("""
                {"adjacency": [[0]], "task_durations_ms": [{"stage": 0, "first_wave": {},
                  "rest_wave": {}, "fresh_durations": {}}]}
                """);
        assertThatThrownBy(() -> TpchLibrary.read(f, 1, "2g")).hasMessageContaining("stage 0")
                .hasMessageContaining("no task-duration lists");
        Path g = write("{\"adjacency\": [[0]], \"task_durations_ms\": [{\"stage\": 0, \"rest_wave\": {}}]}");
        assertThatThrownBy(() -> TpchLibrary.read(g, 1, "2g")).hasMessageContaining("first_wave");
    }

    @Test
    void unknownQueryOrSizeIsRefused() {
        assertThatThrownBy(() -> CjsData.library().template(23, "2g")).hasMessageContaining("query 23");
        assertThatThrownBy(() -> CjsData.library().template(3, "1g")).hasMessageContaining("size 1g");
    }

    private Path write(String json) throws Exception {
        Path f = Files.createTempFile(tmp, "query", ".json");
        Files.writeString(f, json);
        return f;
    }
}
