package org.netllm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a decoded request path under {@code /video/} leads in the content directory. A path that normalises outside
 * the directory is {@link Outside}; a missing file, a symbolic link out of the directory (whether its target exists
 * or not), a folder, a hidden file and a name with a trailing {@code /} are all {@link Missing}, so no answer tells
 * them apart. This class is threadsafe.
 */
final class ContentPaths {

    /** What a path resolves to. */
    sealed interface Resolution permits Found, Missing, Outside, Malformed {
    }

    /** A regular file inside the directory, by its real path. */
    record Found(Path file) implements Resolution {
    }

    /** Nothing to serve: 404. */
    record Missing() implements Resolution {
    }

    /** The path leaves the directory by its own {@code ..}: 403. */
    record Outside() implements Resolution {
    }

    /** Not a path this file system can hold: 400. */
    record Malformed() implements Resolution {
    }

    private final Path root;
    private final Path realRoot;

    ContentPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Resolution resolve(String relative) {
        if (relative.isEmpty() || relative.endsWith("/") || relative.indexOf('\0') >= 0
                || relative.indexOf('\\') >= 0) {
            return new Missing();
        }
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return new Malformed();
        }
        if (!file.startsWith(root)) {
            return new Outside();
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return new Missing();
        }
        try {
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real) || Files.isHidden(real)) {
                return new Missing();
            }
        } catch (IOException e) {
            return new Missing();
        }
        return new Found(real);
    }

    Path realRoot() {
        return realRoot;
    }
}
