package org.netllm.cli.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {

    @TempDir
    Path tmp;

    @Test
    void resultsReachAPrivateOutputFolderAndTheScratchStaysBehind() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("private-out"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path stageRoot;
        try (StagingArea stage = StagingArea.create(null, tmp)) {
            Path relative = Path.of("runs", "bba", "trace-1");
            Path work = stage.folder(relative);
            stageRoot = work.getParent().getParent().getParent();
            assertThat(stageRoot.startsWith(out)).isFalse();
            Files.writeString(work.resolve("chunks.csv"), "index,level\n0,0\n");
            Files.createDirectories(work.resolve("home/.config"));
            Files.writeString(work.resolve("home/.config/profile"), "browser scratch");
            stage.copyResults(work, out.resolve(relative));
        }
        assertThat(out.resolve("runs/bba/trace-1/chunks.csv")).hasContent("index,level\n0,0");
        assertThat(out.resolve("runs/bba/trace-1/home")).doesNotExist();
        assertThat(stageRoot).doesNotExist();
    }
}
