package org.netllm.emulation.mahimahi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command running inside {@code mm-delay D mm-link UP DOWN}, with both link logs and the command's
 * output in a work directory. Closing it stops the whole process tree by process id: the command first, so
 * the shells exit on their own and remove the NAT rules they installed; then the outermost shell; whatever
 * still runs after that is killed.
 */
public final class LinkShell implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkShell.class);
    private static final Duration GRACE = Duration.ofSeconds(3);
    // Processes that are the emulation itself rather than the command run in it (names as in /proc/PID/comm).
    private static final Set<String> SHELL_MACHINERY = Set.of("runuser", "env", "mm-delay", "mm-link", "dnsmasq");

    // Shells still running when the JVM exits (Ctrl-C on a long run) are stopped like close() does, so no
    // emulated namespace, browser or NAT rule outlives the run.
    private static final Set<LinkShell> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(LinkShell::close), "link-shell-cleanup"));
    }

    private final Process process;
    private final Path uplinkLog;
    private final Path downlinkLog;
    private final Path output;
    private final Path commandStatus;

    private LinkShell(Process process, Path uplinkLog, Path downlinkLog, Path output, Path commandStatus) {
        this.process = process;
        this.uplinkLog = uplinkLog;
        this.downlinkLog = downlinkLog;
        this.output = output;
        this.commandStatus = commandStatus;
    }

    /**
     * Starts {@code command} inside {@code link}. The work directory (shared with the shell user) receives
     * {@code uplink.log}, {@code downlink.log} and {@code shell-output.txt}, and is the command's working
     * directory.
     */
    public static LinkShell start(MahimahiInstallation mahimahi, EmulatedLink link, ShellCommand command,
                                  Path workDir) {
        Path dir = mahimahi.shareWithShell(workDir);
        Path up = dir.resolve("uplink.log");
        Path down = dir.resolve("downlink.log");
        Path out = dir.resolve("shell-output.txt");
        Path status = dir.resolve("command-exit-status");
        // mm-link answers 1 for any failing command; the wrapper keeps the command's own status.
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "f=$1; shift; \"$@\"; s=$?; echo \"$s\" > \"$f\"; exit \"$s\"", "link-shell", status.toString()));
        wrapped.addAll(command.argv());
        List<String> argv = mahimahi.argv(link, new ShellCommand(wrapped, command.environment()), up, down);
        try {
            Files.deleteIfExists(up);
            Files.deleteIfExists(down);
            Files.deleteIfExists(status);
            Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            LOG.debug("started link shell [{}] as pid [{}]", argv, process.pid());
            LinkShell shell = new LinkShell(process, up, down, out, status);
            LIVE.add(shell);
            process.onExit().thenRun(() -> LIVE.remove(shell));
            return shell;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the command (and so the shells) to finish and returns the command's exit status (the shells'
     * own status if they failed before it ran); empty if it is still running after {@code timeout}.
     */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
            try {
                return OptionalInt.of(Integer.parseInt(Files.readString(commandStatus).strip()));
            } catch (IOException | NumberFormatException e) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    public Path uplinkLog() {
        return uplinkLog;
    }

    public Path downlinkLog() {
        return downlinkLog;
    }

    /** Everything the command and the shells printed. */
    public Path output() {
        return output;
    }

    /** The command's and the shells' printed output so far, for error messages. */
    public String outputText() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops the command and the shells; returns at once if they already exited. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.stream().filter(p -> !SHELL_MACHINERY.contains(name(p))).forEach(ProcessHandle::destroy);
        if (exited(GRACE)) {
            return;
        }
        LOG.warn("link shell [{}] outlived its command by {}; stopping the outermost shell", process.pid(), GRACE);
        List<ProcessHandle> outermost = name(process.toHandle()).equals("runuser")
                ? process.children().toList() : List.of(process.toHandle());
        outermost.forEach(ProcessHandle::destroy);
        if (exited(GRACE)) {
            return;
        }
        LOG.warn("link shell [{}] ignored SIGTERM; killing its process tree", process.pid());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        exited(GRACE);
    }

    private boolean exited(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String name(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
