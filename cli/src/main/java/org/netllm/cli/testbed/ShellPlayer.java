package org.netllm.cli.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.netllm.cli.Main;
import org.netllm.emulation.mahimahi.ShellCommand;

/**
 * How the player is launched inside an emulated shell: this JVM's java and classpath running
 * {@code netllm testbed player}, as the unprivileged shell user. Classpath entries that user cannot read (a build
 * tool's repository under root's home, as in tests) are copied into a cache folder, once per entry version.
 *
 * @param java      the java launcher
 * @param classpath a classpath every user can read
 */
record ShellPlayer(Path java, String classpath) {

    /** This JVM's launcher and classpath, made readable in {@code cacheDir} where they are not. */
    static ShellPlayer forThisJvm(Path cacheDir) {
        // A checkout under a private folder (a CI clone, a home directory) cannot hold copies the shell user reads.
        Path cache = traversableByOthers(cacheDir.toAbsolutePath().normalize()) ? cacheDir
                : Path.of(System.getProperty("java.io.tmpdir"), "netllm-testbed-classpath");
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        List<String> entries = new ArrayList<>();
        String[] parts = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                continue;
            }
            Path entry = Path.of(parts[i]).toAbsolutePath().normalize();
            entries.add(readableByOthers(entry) ? entry.toString()
                    : copyReadable(entry, cache.resolve(version(entry) + "-" + entry.getFileName())));
        }
        return new ShellPlayer(java, String.join(File.pathSeparator, entries));
    }

    /** The command that plays from the host's server on {@code port} for at most {@code duration}. */
    ShellCommand command(int port, Duration duration, Path report, Path home) {
        return new ShellCommand(List.of(java.toString(), "-Xmx512m", "-cp", classpath, Main.class.getName(),
                "testbed", "player", "--port", Integer.toString(port),
                "--duration", Long.toString(duration.toSeconds()), "--report", report.toString()),
                Map.of("HOME", home.toString()));
    }

    /** Names a copy by the entry's path, size and time, so a rebuilt entry is copied again. */
    private static String version(Path entry) {
        try {
            String key = entry + "|" + Files.size(entry) + "|" + Files.getLastModifiedTime(entry).toMillis();
            return Integer.toHexString(key.hashCode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath entry " + entry, e);
        }
    }

    private static boolean traversableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)
                        && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean readableByOthers(Path entry) {
        try {
            if (!Files.exists(entry)) {
                return true;  // a missing entry is as missing for every user; nothing to copy
            }
            for (Path p = entry.getParent(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            try (Stream<Path> files = Files.walk(entry)) {
                return files.allMatch(f -> {
                    try {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                        return perms.contains(PosixFilePermission.OTHERS_READ)
                                && (!Files.isDirectory(f) || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String copyReadable(Path from, Path to) {
        try {
            if (!Files.exists(to)) {
                Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
                Files.createDirectories(to.getParent());
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = tmp.resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                try (Stream<Path> files = Files.walk(tmp)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                                Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
            }
            return to.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy classpath entry " + from + " for the shell user", e);
        }
    }
}
