package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.errors.InvalidInputException;
import org.netllm.controller.abr.Video;

class VideoFilesTest {

    @TempDir
    Path dir;

    private void writeLevels(int levels, int lines) throws IOException {
        for (int level = 0; level < levels; level++) {
            StringBuilder text = new StringBuilder();
            for (int chunk = 0; chunk < lines; chunk++) {
                text.append(1000 * (level + 1) + chunk).append('\n');
            }
            Files.writeString(dir.resolve("video_size_" + level), text);
        }
    }

    @Test
    void readsTheFirstFortyEightSizesOfEveryLevel() throws IOException {
        writeLevels(6, 49);
        Video video = VideoFiles.read(dir, VideoFiles.ENVIVIO_BITRATES_KBPS);
        assertThat(video.chunkCount()).isEqualTo(48);
        assertThat(video.chunkBytes(47, 5)).isEqualTo(6047);
        assertThat(video.bitrateMbps(5)).isEqualTo(4.3);
    }

    @Test
    void aMissingLevelNamesTheFileThatIsNeeded() throws IOException {
        writeLevels(5, 48);
        assertThatThrownBy(() -> VideoFiles.read(dir, VideoFiles.ENVIVIO_BITRATES_KBPS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("lacks level 5")
                .hasMessageContaining("video_size_5");
    }

    @Test
    void fewerThanFortyEightChunksAreRejected() throws IOException {
        writeLevels(6, 47);
        assertThatThrownBy(() -> VideoFiles.read(dir, VideoFiles.ENVIVIO_BITRATES_KBPS))
                .hasMessageContaining("video_size_0").hasMessageContaining("47 chunk sizes, at least 48");
    }

    @Test
    void aNonIntegerSizeIsReportedWithFileAndLine() throws IOException {
        writeLevels(6, 48);
        Path level3 = dir.resolve("video_size_3");
        String text = Files.readString(level3).replaceFirst("4009", "4009.5");
        Files.writeString(level3, text);
        assertThatThrownBy(() -> VideoFiles.read(dir, VideoFiles.ENVIVIO_BITRATES_KBPS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(level3 + ":10")
                .hasMessageContaining("'4009.5' is not an integer");
    }

    @Test
    void aWrittenVideoReadsBackUnchanged() throws IOException {
        writeLevels(6, 48);
        Video base = VideoFiles.read(dir, VideoFiles.ENVIVIO_BITRATES_KBPS);
        Video synthetic = SynthVideo.HIGH_BITRATE.generate(base, "synth", 3);
        VideoFiles.write(synthetic, dir.resolve("synth"));
        Video back = VideoFiles.read(dir.resolve("synth"), SynthVideo.HIGH_BITRATE.bitratesKbps());
        assertThat(back.chunkBytes()).isDeepEqualTo(synthetic.chunkBytes());
    }
}
