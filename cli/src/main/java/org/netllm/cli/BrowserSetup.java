package org.netllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.player.HeadlessPlayer;

/**
 * What the live part of {@code netllm demo} needs (headless Chromium, its driver, ffmpeg): as root it installs
 * them with the project's own {@code testbed-scripts/install-browser.sh}, the script the README's test command
 * runs; otherwise it says the one command to run.
 */
final class BrowserSetup {

    static final String SCRIPT = "testbed-scripts/install-browser.sh";

    private BrowserSetup() {
    }

    /** True when the live part can run now, after installing what was missing if this process is root. */
    static boolean ensure(Path root, PrintWriter out) throws InterruptedException {
        if (ready()) {
            return true;
        }
        Path script = root.resolve(SCRIPT);
        if (!runningAsRoot()) {
            out.println("live session skipped: headless Chromium or ffmpeg is missing (" + HeadlessPlayer.CHROMIUM
                    + ", " + HeadlessPlayer.CHROMEDRIVER + ", ffmpeg); install them with:");
            out.println("  sudo " + script);
            return false;
        }
        out.println("live session: installing Chromium, its driver and ffmpeg with " + script + " (once)");
        out.flush();
        try {
            Process install = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (install.waitFor() != 0 || !ready()) {
                out.println("live session skipped: " + script + " did not install them (exit status "
                        + install.exitValue() + "; its output is above)");
                return false;
            }
        } catch (IOException e) {
            out.println("live session skipped: cannot run " + script + ": " + e.getMessage());
            return false;
        }
        return true;
    }

    static boolean ready() {
        return HeadlessPlayer.available() && onPath("ffmpeg");
    }

    static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
