package org.netllm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any request target under /video/: decoding either fails (400) or yields a path that resolves to a regular file
 * inside the content directory, or to nothing; a secret file beside the directory and a link to it are never
 * found. The corpus is in ContentPathsFuzzTestInputs.
 */
class ContentPathsFuzzTest {

    private static final Path BASE;
    private static final ContentPaths PATHS;

    static {
        try {
            BASE = Files.createTempDirectory("netllm-fuzz-");
            Path content = TestContent.write(BASE.resolve("content"));
            Files.writeString(BASE.resolve("secret.txt"), "not for clients");
            Files.createSymbolicLink(content.resolve("escape.m4s"), BASE.resolve("secret.txt"));
            Files.createDirectories(content.resolve("sub"));
            PATHS = new ContentPaths(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void aTargetResolvesInsideTheDirectoryOrToNothing(FuzzedDataProvider data) {
        String tail = data.consumeRemainingAsString();
        String path;
        try {
            path = new QueryStringDecoder("/video/" + tail).path();
        } catch (IllegalArgumentException badEscape) {
            return;
        }
        if (!path.startsWith(ContentHandler.PREFIX)) {
            return;
        }
        ContentPaths.Resolution resolution = PATHS.resolve(path.substring(ContentHandler.PREFIX.length()));
        if (resolution instanceof ContentPaths.Found found) {
            assertThat(found.file().startsWith(PATHS.realRoot())).isTrue();
            assertThat(Files.isRegularFile(found.file())).isTrue();
            assertThat(found.file().getFileName().toString()).isNotEqualTo("secret.txt");
        }
    }
}
