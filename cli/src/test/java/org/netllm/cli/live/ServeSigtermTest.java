package org.netllm.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netllm serve} as its own process, stopped with SIGTERM: it drains (no new sessions, requests in flight
 * answered) and exits within its stated bound (--drain-s, then at most 12 s to close). The drain's semantics are
 * pinned in video-server's DrainTest; this pins that the signal reaches them.
 */
class ServeSigtermTest {

    @TempDir
    Path tmp;

    /** A one-level, two-chunk DASH folder in make-video.sh's layout: all serve needs to start. */
    private static Path content(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.mpd"), "<?xml version=\"1.0\"?>\n<MPD type=\"static\"><Period>"
                + "<AdaptationSet><Representation id=\"0\" mimeType=\"video/mp4\" bandwidth=\"300000\">"
                + "<SegmentTemplate timescale=\"1000000\" duration=\"4000000\" media=\"chunk-$RepresentationID$-"
                + "$Number%05d$.m4s\" startNumber=\"1\"/></Representation></AdaptationSet></Period></MPD>\n");
        Files.write(dir.resolve("init-0.m4s"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("chunk-0-00001.m4s"), new byte[1000]);
        Files.write(dir.resolve("chunk-0-00002.m4s"), new byte[1000]);
        return dir;
    }

    @Test
    void sigtermDrainsAndExitsWithinTheStatedBound() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.netllm.cli.Main", "serve", "--controller", "bba", "--cjs-scheduler", "fair", "--port", "0",
                "--drain-s", "2", "--content", content(tmp.resolve("content")).toString())
                .redirectErrorStream(true).start();
        // Read on a thread of its own, while the test waits for the URL.
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (java.io.IOException closed) {
                // The process is gone.
            }
        });
        reader.start();
        try {
            Pattern player = Pattern.compile("player\\s+(http://\\S+)/player/index.html");
            String base = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (base == null && serve.isAlive() && System.nanoTime() < until) {
                Matcher m = player.matcher(output);
                if (m.find()) {
                    base = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(base).as("serve printed its URL:\n" + output).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            // SIGTERM, leaving its output readable (Process.destroy() would close it).
            assertThat(serve.toHandle().destroy()).isTrue();
            boolean exited = serve.waitFor(2 + 12 + 5, TimeUnit.SECONDS);
            reader.join(5_000);
            assertThat(exited).as("serve exited after SIGTERM:\n" + output).isTrue();
            // The /readyz above may still count as in flight for a moment (until its write completes on the server).
            assertThat(output.toString()).containsPattern("netllm serve: draining \\(\\d request\\(s\\) in flight, at "
                    + "most 2 s\\), then stopping").doesNotContain("still in flight").doesNotContain("Exception")
                    .doesNotContain("WARN");
        } finally {
            serve.destroyForcibly();
        }
    }
}
