package org.netllm.emulation.mahimahi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.netllm.errors.InvalidInputException;

/**
 * Where Mahimahi's shells are and who runs them. Mahimahi refuses to run as root, so when this JVM is root
 * the shells run as the unprivileged {@code shellUser} (made by {@code testbed-scripts/setup.sh}) through
 * {@code runuser}; otherwise they run as the current user.
 *
 * @param mmDelay   the {@code mm-delay} binary
 * @param mmLink    the {@code mm-link} binary
 * @param shellUser the user to run shells as, empty when this JVM is not root
 */
public record MahimahiInstallation(Path mmDelay, Path mmLink, Optional<String> shellUser) {

    /** The user setup.sh creates; {@code NETLLM_MM_USER} overrides it, as it does for setup.sh. */
    public static final String DEFAULT_SHELL_USER = "netllm-mm";
    /** PATH inside the shells: root's PATH would otherwise leak into the unprivileged user's commands. */
    public static final String SHELL_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final String SETUP_HINT = "install it and the testbed's network setup as root with testbed-scripts/setup.sh"
            + " (Debian 12; about a minute)";

    /** This machine's installation, or empty with nothing said when Mahimahi or its user is missing. */
    public static Optional<MahimahiInstallation> detect() {
        try {
            return Optional.of(require());
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /** This machine's installation; a missing piece is reported with how to install it. */
    public static MahimahiInstallation require() {
        return require(SHELL_PATH);
    }

    static MahimahiInstallation require(String searchPath) {
        Optional<Path> delay = onPath(searchPath, "mm-delay");
        Optional<Path> link = onPath(searchPath, "mm-link");
        if (delay.isEmpty() || link.isEmpty()) {
            throw new InvalidInputException("Mahimahi is not installed (no mm-delay and mm-link in " + searchPath
                    + "); " + SETUP_HINT);
        }
        if (!runningAsRoot()) {
            return new MahimahiInstallation(delay.get(), link.get(), Optional.empty());
        }
        String user = Optional.ofNullable(System.getenv("NETLLM_MM_USER")).filter(s -> !s.isBlank())
                .orElse(DEFAULT_SHELL_USER);
        if (!userExists(user)) {
            throw new InvalidInputException("Mahimahi refuses to run as root and the unprivileged user '" + user
                    + "' to run it as does not exist; " + SETUP_HINT);
        }
        return new MahimahiInstallation(delay.get(), link.get(), Optional.of(user));
    }

    /** The argv that runs {@code command} inside {@code link}, as the shell user. */
    public List<String> argv(EmulatedLink link, ShellCommand command, Path uplinkLog, Path downlinkLog) {
        Stream.Builder<String> argv = Stream.builder();
        shellUser.ifPresent(user -> Stream.of("runuser", "-u", user, "--").forEach(argv));
        argv.add("env").add("PATH=" + SHELL_PATH);
        command.environment().forEach((k, v) -> argv.add(k + "=" + v));
        if (link.oneWayDelayMs() > 0) {
            // mm-delay 0.98 takes no "--" before its command; mm-link does.
            argv.add(mmDelay.toString()).add(Integer.toString(link.oneWayDelayMs()));
        }
        argv.add(mmLink.toString()).add(link.uplinkTrace().toString()).add(link.downlinkTrace().toString())
                .add("--uplink-log=" + uplinkLog).add("--downlink-log=" + downlinkLog).add("--");
        command.argv().forEach(argv);
        return argv.build().toList();
    }

    /**
     * Makes {@code dir} (created if absent) the shell user's, so the shells can write logs and profiles in it
     * and read traces from it. Its ancestors must already let others through.
     */
    public Path shareWithShell(Path dir) {
        try {
            Files.createDirectories(dir);
            Path absolute = dir.toAbsolutePath().normalize();
            for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new InvalidInputException("directory " + absolute + " is not reachable by the Mahimahi shell"
                            + " user: " + p + " lets no other user through (mode "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                            + "); choose an output directory elsewhere, e.g. under the project");
                }
            }
            Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (shellUser.isPresent()) {
                UserPrincipal owner = absolute.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(shellUser.get());
                Files.setOwner(absolute, owner);
            }
            return absolute;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot share " + dir + " with the Mahimahi shell user", e);
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Optional<Path> onPath(String searchPath, String program) {
        return Stream.of(searchPath.split(":")).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean userExists(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }
}
