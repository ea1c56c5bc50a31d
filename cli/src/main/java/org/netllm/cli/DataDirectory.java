package org.netllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The data-set directory: {@code --data-dir}, else {@code $NETLLM_DATA}, else {@code ../shared/data} relative to
 * the project root; and the resolution of data-set names such as {@code fcc-test} to folders inside it.
 */
public final class DataDirectory {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data-set directory (default: $NETLLM_DATA, else ../shared/data next to the project).")
    Path explicit;

    /**
     * The project root: set by the launcher, else the nearest folder at or above the working directory that holds
     * the {@code netllm} launcher (tests run inside a module), else the working directory.
     */
    public static Path projectRoot() {
        String home = System.getProperty("netllm.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("netllm")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return cwd;
    }

    public Path root() {
        Path dir;
        String source;
        if (explicit != null) {
            dir = explicit;
            source = "--data-dir";
        } else if (System.getenv("NETLLM_DATA") != null && !System.getenv("NETLLM_DATA").isBlank()) {
            dir = Path.of(System.getenv("NETLLM_DATA"));
            source = "NETLLM_DATA";
        } else {
            dir = projectRoot().resolve("../shared/data").normalize();
            source = "the default";
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("data directory " + dir + " (" + source + ") does not exist; point "
                    + "--data-dir or NETLLM_DATA at the folder holding abr/, vp/ and cjs/");
        }
        return dir;
    }

    /** A trace set: a name under {@code abr/traces/} (e.g. fcc-test) or a directory path. */
    public Path traces(String nameOrDir) {
        return resolve(nameOrDir, "abr/traces", "trace set");
    }

    /** A video: a name under {@code abr/videos/} (e.g. envivio-dash3) or a directory path. */
    public Path video(String nameOrDir) {
        return resolve(nameOrDir, "abr/videos", "video");
    }

    private Path resolve(String nameOrDir, String folder, String what) {
        Path asPath = Path.of(nameOrDir);
        if (Files.isDirectory(asPath)) {
            return asPath;
        }
        if (!nameOrDir.contains("/")) {
            Path named = root().resolve(folder).resolve(nameOrDir);
            if (Files.isDirectory(named)) {
                return named;
            }
            throw new InvalidInputException("unknown " + what + " '" + nameOrDir + "': no folder " + named
                    + " and no directory of that name; list " + root().resolve(folder) + " for the names");
        }
        throw new InvalidInputException(what + " directory " + nameOrDir + " does not exist");
    }
}
