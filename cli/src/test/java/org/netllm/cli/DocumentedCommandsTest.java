package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./netllm ...} command line in a code block or inline code span of README.md, docs/**&#47;*.md or a
 * module's README.md names only subcommands and options the real command has ({@link NetllmCommand}, as
 * {@link Main} runs it), so a user who copies one from the docs never meets "Unknown option". Nothing is executed:
 * the lines are only walked through picocli's model of the command.
 */
class DocumentedCommandsTest {

    @Test
    void everyDocumentedCommandUsesSubcommandsAndOptionsTheCliHas() {
        Path root = DataDirectory.projectRoot();
        List<DocumentedCommands.Finding> findings = new ArrayList<>();
        List<Path> pages = markdownPages(root);
        int commands = 0;
        CommandLine netllm = cli();
        for (Path page : pages) {
            DocumentedCommands.Scan scan = DocumentedCommands.scan(root.relativize(page).toString(), read(page), netllm);
            findings.addAll(scan.findings());
            commands += scan.commands();
        }
        // The README's two commands and the docs' many: a scan finding none would pass for the wrong reason.
        assertThat(pages).as("markdown pages scanned").hasSizeGreaterThan(5);
        assertThat(commands).as("./netllm command lines found in code blocks").isGreaterThan(100);
        assertThat(findings).as("documented ./netllm commands the CLI does not accept (file:line: token, why)")
                .extracting(DocumentedCommands.Finding::toString).isEmpty();
    }

    @Test
    void anUnknownOptionIsReportedWithItsFileLineAndToken() {
        String page = """
                text
                ```bash
                ./netllm abr eval --traces fcc-test \\
                    --no-such-option 3 --policies bba
                ```
                """;
        DocumentedCommands.Scan scan = DocumentedCommands.scan("page.md", page, cli());
        assertThat(scan.commands()).isEqualTo(1);
        assertThat(scan.findings()).extracting(DocumentedCommands.Finding::toString)
                .containsExactly("page.md:4: '--no-such-option' is not an option of 'netllm abr eval'");
    }

    @Test
    void anUnknownOptionInAnInlineSpanIsReportedOnItsOwnLine() {
        String page = "One run:\n```\n./netllm cjs eval\n```\nthen `./netllm cjs eval --seeds 8000..8003\n--no-such 1` as well.\n";
        assertThat(DocumentedCommands.scan("i.md", page, cli()).findings())
                .extracting(DocumentedCommands.Finding::toString)
                .containsExactly("i.md:6: '--no-such' is not an option of 'netllm cjs eval'");
    }

    @Test
    void anUnknownSubcommandIsReported() {
        String page = "```\n./netllm abr evaluate --traces fcc-test\n./netllm cjs eval --seeds 9000..9001\n```\n";
        DocumentedCommands.Scan scan = DocumentedCommands.scan("p.md", page, cli());
        assertThat(scan.commands()).isEqualTo(2);
        assertThat(scan.findings()).extracting(DocumentedCommands.Finding::toString)
                .containsExactly("p.md:2: 'evaluate' is not a subcommand of 'netllm abr' (it has none of that name "
                        + "and takes no positional argument)");
    }

    @Test
    void documentationNotationIsReadAsTheDocsMeanIt() {
        // optional parts in brackets, alternatives with |, placeholders, option values that start with a dash,
        // --opt=value, pipes, redirections and comments after the command, an inline span wrapped over two lines
        String page = """
                Run `./netllm abr eval --traces fcc-valid
                --policies bba` first; ./netllm outside code is prose, not a command.
                ```
                ./netllm backbone info|forward --model minilm [--tokens 1,2,3 --out h.npy]
                ./netllm cjs eval [--seeds A..B | --job-file F[,F…]] [--deterministic] --schedulers netllm:default@target=-0.6 …
                ./netllm abr generate traces|video --seed 1 --out=DIR > log.txt 2>&1   # a comment --not-an-option
                nice -n 10 ./netllm --verbose abr eval --traces fcc-test | tail -3
                ```
                """;
        DocumentedCommands.Scan scan = DocumentedCommands.scan("n.md", page, cli());
        assertThat(scan.commands()).isEqualTo(5);
        assertThat(scan.findings()).isEmpty();
    }

    @Test
    void aPositionalValueOutsideItsDocumentedChoicesIsReported() {
        String page = "```\n./netllm abr generate trace --seed 1 --out DIR\n```\n";
        assertThat(DocumentedCommands.scan("g.md", page, cli()).findings())
                .extracting(DocumentedCommands.Finding::toString)
                .containsExactly("g.md:2: 'trace' is not one of 'traces|video' (the positional argument of 'netllm abr generate')");
    }

    private static CommandLine cli() {
        return new CommandLine(new NetllmCommand());
    }

    /** README.md, every page under docs/, and each module's README.md (modules document their own commands). */
    private static List<Path> markdownPages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.walk(root.resolve("docs"));
                Stream<Path> modules = Files.list(root)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
