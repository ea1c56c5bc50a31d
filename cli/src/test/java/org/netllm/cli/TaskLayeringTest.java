package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The task-free parts stay task-free: no source in the engine modules, nor in a layer module's root package, imports a
 * task package ({@code abr}, {@code vp}, {@code cjs}), so a new task never needs an edit of generic code.
 */
class TaskLayeringTest {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TASK_IMPORT =
            Pattern.compile("^import (?:static )?(org\\.netllm\\.[\\w.]*\\.(?:abr|vp|cjs)\\.[\\w.]+);", Pattern.MULTILINE);

    /** Modules with no task package at all. */
    private static final List<String> ENGINE = List.of("errors", "backbone", "netllm-core");
    /** Layer modules whose root package ({@code org.netllm.<module>}) must be task-free. */
    private static final List<String> LAYERS = List.of("controller", "emulation", "adaptation", "actors");

    @Test
    void engineModulesImportNoTaskPackage() {
        for (String module : ENGINE) {
            assertThat(taskImports(module, null)).as("task imports in " + module).isEmpty();
        }
    }

    @Test
    void layerRootPackagesImportNoTaskPackage() {
        for (String module : LAYERS) {
            assertThat(taskImports(module, "org.netllm." + module)).as("task imports in the root package of " + module).isEmpty();
        }
    }

    /**
     * The server's root package holds, besides task-free HTTP pieces, its composition root (which registers every
     * task's API and actors) and the DASH content it serves (an ABR video ladder, its segments tagged by ABR
     * session); each task's API handler is in its own package.
     */
    private static final List<String> SERVER_COMPOSITION = List.of("VideoServer.java", "ServerConfig.java",
            "DashContent.java", "SegmentLog.java");

    @Test
    void theServersRootPackageImportsNoTaskPackageBeyondItsCompositionAndContent() {
        List<String> found = taskImports("video-server", "org.netllm.server");
        found.removeIf(line -> SERVER_COMPOSITION.stream().anyMatch(name -> line.startsWith("org/netllm/server/" + name)));
        assertThat(found).as("task imports in video-server's root package").isEmpty();
    }

    @Test
    void theCheckSeesATaskImportWhereThereIsOne() {
        // guards the check itself: the ABR streaming client does import ABR controllers
        assertThat(imports(DataDirectory.projectRoot().resolve(
                "actors/src/main/java/org/netllm/actors/abr/StreamingClient.java"))).isNotEmpty();
    }

    /** "file: import" for each task import in the module's main sources (only in {@code onlyPackage} if given). */
    private static List<String> taskImports(String module, String onlyPackage) {
        Path sources = DataDirectory.projectRoot().resolve(module).resolve("src/main/java");
        assertThat(sources).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                String name = pkg.find() ? pkg.group(1) : "";
                if (onlyPackage != null && !name.equals(onlyPackage)) {
                    continue;
                }
                for (String imported : imports(file)) {
                    found.add(sources.relativize(file) + ": " + imported);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static List<String> imports(Path file) {
        try {
            Matcher m = TASK_IMPORT.matcher(Files.readString(file));
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
