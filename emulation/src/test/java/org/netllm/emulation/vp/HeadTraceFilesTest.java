package org.netllm.emulation.vp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;

class HeadTraceFilesTest {

    @TempDir
    Path dir;

    private Path trace(int video, int user, String content) throws IOException {
        Path file = HeadTraceFiles.file(dir, video, user);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void readsRollPitchYawAndDropsTheTime() throws IOException {
        Path file = trace(4, 83, "180.0,12.5,1.25,87.5\n180.2,16.0,-2.0,-179.5\n\n");
        HeadTrace t = HeadTraceFiles.read(file, 4, 83);
        assertThat(t.orientations()).isDeepEqualTo(new double[][] {{12.5, 1.25, 87.5}, {16.0, -2.0, -179.5}});
        assertThat(t.name()).isEqualTo("video4/user83");
    }

    @Test
    void badLinesNameTheFileAndLine() throws IOException {
        Path text = trace(1, 1, "0.0,1,2,3\n0.2,1,x,3\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(text, 1, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(text + ":2").hasMessageContaining("'x' is not a number");
        Path columns = trace(1, 2, "0.0,1,2\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(columns, 1, 2)).hasMessageContaining(columns + ":1")
                .hasMessageContaining("expected 't,roll,pitch,yaw'");
        Path pitch = trace(1, 3, "0.0,1,2,3\n0.2,1,90.5,3\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(pitch, 1, 3)).hasMessageContaining(pitch + ":2")
                .hasMessageContaining("pitch 90.5 is outside [-90, 90]");
        Path time = trace(1, 4, "0.0,1,2,3\n0.2,1,2,3\n0.2,1,2,3\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(time, 1, 4)).hasMessageContaining(time + ":3")
                .hasMessageContaining("does not increase");
        Path yaw = trace(1, 5, "0.0,1,2,181\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(yaw, 1, 5)).hasMessageContaining("yaw 181.0 is outside");
    }

    @Test
    void aMissingVideoOrUserOfASplitIsNamed() throws IOException {
        VpSplit split = new VpSplit("Jin2022", VpSplit.Part.TEST, List.of(4, 8), List.of(83));
        trace(4, 83, "0.0,1,2,3\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(dir, split)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("video folder " + dir.resolve("video8/5Hz"));
        trace(8, 1, "0.0,1,2,3\n");
        assertThatThrownBy(() -> HeadTraceFiles.read(dir, split))
                .hasMessageContaining("user trace " + HeadTraceFiles.file(dir, 8, 83));
    }

    @Test
    void aDirectoryYieldsEveryTraceByVideoThenUser() throws IOException {
        trace(10, 2, "0.0,1,2,3\n");
        trace(2, 7, "0.0,1,2,3\n");
        trace(2, 1, "0.0,1,2,3\n");
        Files.writeString(dir.resolve("video2/5Hz/notes.txt"), "ignored");
        assertThat(HeadTraceFiles.readDirectory(dir)).extracting(HeadTrace::name)
                .containsExactly("video2/user1", "video2/user7", "video10/user2");
    }

    @Test
    void anUnknownDatasetIsAUserError() {
        assertThatThrownBy(() -> VpSplit.of("Jin2021", VpSplit.Part.TEST)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown viewport data set 'Jin2021'");
    }
}
