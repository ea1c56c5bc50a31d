package org.netllm.cli.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.netllm.emulation.mahimahi.MahimahiInstallation;

/**
 * A folder under the system temporary directory (which every user may traverse) that the Mahimahi shell user owns:
 * the sessions' traces, link logs and browser profiles live here while they run, and their results are copied to
 * the output folder afterwards, so the output folder may be private to the caller. Deleted on close.
 */
final class StagingArea implements AutoCloseable {

    /** Browser profiles and other scratch the results do not need. */
    static final String SCRATCH = "home";

    private final MahimahiInstallation mahimahi;
    private final Path root;

    private StagingArea(MahimahiInstallation mahimahi, Path root) {
        this.mahimahi = mahimahi;
        this.root = root;
    }

    static StagingArea create(MahimahiInstallation mahimahi) throws IOException {
        return create(mahimahi, Path.of(System.getProperty("java.io.tmpdir")));
    }

    static StagingArea create(MahimahiInstallation mahimahi, Path parent) throws IOException {
        Path root = Files.createTempDirectory(parent, "netllm-testbed-");
        return new StagingArea(mahimahi, mahimahi == null ? root : mahimahi.shareWithShell(root));
    }

    /** The staging folder of one session, shared with the shell user. */
    Path folder(Path relative) {
        Path folder = root.resolve(relative);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        return mahimahi == null ? folder : mahimahi.shareWithShell(folder);
    }

    /** Copies a session's results (everything but its scratch folder) to {@code destination}, replacing old copies. */
    void copyResults(Path work, Path destination) {
        try {
            Files.createDirectories(destination);
            try (Stream<Path> files = Files.walk(work)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path relative = work.relativize(from);
                    if (relative.startsWith(SCRATCH) || from.equals(work)) {
                        continue;
                    }
                    Path to = destination.resolve(relative.toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(from)) {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the results of " + work + " to " + destination, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A staging folder left in the temporary directory is harmless.
        }
    }
}
