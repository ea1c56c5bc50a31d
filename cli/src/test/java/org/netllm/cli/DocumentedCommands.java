package org.netllm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Reads the {@code ./netllm ...} command lines of a markdown page (in fenced code blocks and in inline code spans of
 * the prose, which may wrap over lines) and walks each through
 * picocli's model of the command: every word must be a subcommand, an option of the command reached so far, an
 * option's value, or a positional argument the command declares.
 *
 * <p>The docs write synopses, not only literal commands, so their notation is read as meant: {@code [...]} is
 * optional, {@code a|b} offers alternatives (each alternative of a subcommand word must be a subcommand, an option
 * must belong to at least one of them), a lone {@code |} inside brackets separates alternatives while outside it is
 * a shell pipe, {@code ...} and {@code …} elide. A line ending in {@code \} continues on the next. The command ends
 * at a comment, a pipe, {@code &&}, {@code ;}, a redirection or a closing parenthesis. {@code --verbose} is
 * accepted anywhere because {@link Main} takes it before picocli sees the line.
 */
final class DocumentedCommands {

    /** One word a documented command should not have. */
    record Finding(String file, int line, String token, String problem) {
        @Override
        public String toString() {
            return file + ":" + line + ": '" + token + "' " + problem;
        }
    }

    /** What one page holds: how many commands were checked, and what was wrong with them. */
    record Scan(int commands, List<Finding> findings) {
    }

    private record Token(String text, int line) {
    }

    /** A positional argument's label that lists its literal choices, such as {@code traces|video}. */
    private static final Pattern CHOICES = Pattern.compile("[a-z][a-z0-9-]*(\\|[a-z][a-z0-9-]*)*");
    /** An inline code span of one backtick, which may wrap over lines but not cross a blank line. */
    private static final Pattern INLINE_CODE = Pattern.compile("`((?:[^`\\n]|\\n(?![ \\t]*\\n))+?)`");
    private static final Set<String> COMMAND_ENDS = Set.of("|", "||", "&&", ";", "&", ")", "do", "done", "then");

    private DocumentedCommands() {
    }

    static Scan scan(String file, String markdown, CommandLine netllm) {
        String[] lines = markdown.split("\n", -1);
        List<Finding> findings = new ArrayList<>();
        int commands = 0;
        boolean fenced = false;
        List<Token> logical = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
                fenced = !fenced;
                logical.clear();
                continue;
            }
            if (!fenced) {
                continue;
            }
            boolean continues = stripped.endsWith("\\");
            logical.addAll(tokens(continues ? stripped.substring(0, stripped.length() - 1) : stripped, i + 1));
            if (continues) {
                continue;
            }
            for (int t = 0; t < logical.size(); t++) {
                if (isNetllm(logical.get(t).text())) {
                    commands++;
                    check(file, logical, t + 1, netllm, findings);
                }
            }
            logical.clear();
        }
        commands += scanInlineSpans(file, lines, netllm, findings);
        return new Scan(commands, findings);
    }

    /** Inline code spans of the prose (outside fenced blocks) that hold a command; a span may wrap over lines. */
    private static int scanInlineSpans(String file, String[] lines, CommandLine netllm, List<Finding> findings) {
        int commands = 0;
        boolean fenced = false;
        StringBuilder prose = new StringBuilder();
        for (String line : lines) {
            String stripped = line.strip();
            boolean fence = stripped.startsWith("```") || stripped.startsWith("~~~");
            if (fence) {
                fenced = !fenced;
            }
            prose.append(fence || fenced ? "" : line).append('\n');
        }
        Matcher span = INLINE_CODE.matcher(prose);
        int counted = 0;
        int line = 1;
        while (span.find()) {
            for (; counted < span.start(); counted++) {
                line += prose.charAt(counted) == '\n' ? 1 : 0;
            }
            int first = line;
            String[] spanLines = span.group(1).split("\n", -1);
            List<Token> tokens = new ArrayList<>();
            for (int k = 0; k < spanLines.length; k++) {
                tokens.addAll(tokens(spanLines[k], first + k));
            }
            for (int t = 0; t < tokens.size(); t++) {
                if (isNetllm(tokens.get(t).text())) {
                    commands++;
                    check(file, tokens, t + 1, netllm, findings);
                }
            }
        }
        return commands;
    }

    private static boolean isNetllm(String token) {
        String t = token.startsWith("$(") ? token.substring(2) : token.startsWith("(") ? token.substring(1) : token;
        return t.equals("./netllm");
    }

    /** Walks one command from the word after {@code ./netllm}. */
    private static void check(String file, List<Token> tokens, int from, CommandLine netllm, List<Finding> findings) {
        List<CommandLine> at = List.of(netllm);
        String path = "netllm";
        int depth = 0;
        int positional = 0;
        boolean skippingValuesOfUnknownOption = false;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String raw = token.text();
            if (raw.startsWith("#") || raw.startsWith(">") || raw.startsWith("2>") || raw.startsWith("<")
                    || raw.startsWith("&>")) {
                return;
            }
            if (raw.equals("|") && depth > 0) {
                continue; // an alternative inside [...]
            }
            if (COMMAND_ENDS.contains(raw)) {
                return;
            }
            boolean endsHere = raw.endsWith(";");
            Bracketed word = Bracketed.of(endsHere ? raw.substring(0, raw.length() - 1) : raw);
            depth += word.depthChange();
            String text = word.text();
            if (text.isEmpty() || text.chars().allMatch(c -> c == '.' || c == '…')) {
                if (endsHere) {
                    return;
                }
                continue;
            }
            if (text.startsWith("-") && text.length() > 1 && !Character.isDigit(text.charAt(1))) {
                String name = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
                skippingValuesOfUnknownOption = false;
                if (name.equals(Main.VERBOSE)) {
                    continue;
                }
                OptionSpec option = option(at, name);
                if (option == null) {
                    findings.add(new Finding(file, token.line(), name, "is not an option of '" + path + "'"));
                    skippingValuesOfUnknownOption = true;
                } else if (!text.contains("=")) {
                    int consumed = values(tokens, i + 1, option.arity());
                    for (int v = i + 1; v <= i + consumed; v++) {
                        depth += Bracketed.of(tokens.get(v).text()).depthChange();
                    }
                    i += consumed;
                }
            } else if (text.startsWith("$")) {
                return; // a shell variable where a word of the command goes: nothing further can be known
            } else if (!skippingValuesOfUnknownOption) {
                String[] alternatives = text.split("\\|");
                if (subcommand(at, alternatives[0]) != null) {
                    List<CommandLine> next = new ArrayList<>();
                    for (String alternative : alternatives) {
                        CommandLine sub = subcommand(at, alternative);
                        if (sub == null) {
                            findings.add(new Finding(file, token.line(), alternative,
                                    "is not a subcommand of '" + path + "'"));
                        } else {
                            next.add(sub);
                        }
                    }
                    at = next;
                    path = path + " " + text;
                    positional = 0;
                } else {
                    PositionalParamSpec parameter = positional(at, positional);
                    if (parameter == null) {
                        findings.add(new Finding(file, token.line(), text, "is not a subcommand of '" + path
                                + "' (it has none of that name and takes no positional argument)"));
                        return; // the options after an unknown command cannot be judged
                    } else {
                        String label = parameter.paramLabel();
                        if (CHOICES.matcher(label).matches() && CHOICES.matcher(text).matches()) {
                            List<String> choices = List.of(label.split("\\|"));
                            for (String alternative : alternatives) {
                                if (!choices.contains(alternative)) {
                                    findings.add(new Finding(file, token.line(), alternative, "is not one of '" + label
                                            + "' (the positional argument of '" + path + "')"));
                                }
                            }
                        }
                        positional++;
                    }
                }
            }
            if (endsHere) {
                return;
            }
        }
    }

    /** How many of the tokens from {@code from} on are the option's values, as picocli would take them. */
    private static int values(List<Token> tokens, int from, CommandLine.Range arity) {
        int consumed = 0;
        while (from + consumed < tokens.size() && consumed < arity.max()) {
            String next = tokens.get(from + consumed).text();
            boolean ends = COMMAND_ENDS.contains(next) || next.startsWith("#") || next.startsWith(">")
                    || next.startsWith("2>");
            boolean optional = consumed >= arity.min();
            if (ends || (optional && Bracketed.of(next).text().startsWith("-"))) {
                break;
            }
            consumed++;
            if (next.endsWith(";")) {
                break;
            }
        }
        return consumed;
    }

    private static OptionSpec option(List<CommandLine> at, String name) {
        for (CommandLine command : at) {
            OptionSpec option = command.getCommandSpec().findOption(name);
            if (option != null) {
                return option;
            }
        }
        return null;
    }

    private static CommandLine subcommand(List<CommandLine> at, String name) {
        for (CommandLine command : at) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub != null) {
                return sub;
            }
        }
        return null;
    }

    private static PositionalParamSpec positional(List<CommandLine> at, int index) {
        for (CommandLine command : at) {
            CommandSpec spec = command.getCommandSpec();
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                if (parameter.index().contains(index)) {
                    return parameter;
                }
            }
        }
        return null;
    }

    /** A word with the synopsis brackets that open or close around it taken off ({@code [--out}, {@code DIR]}). */
    private record Bracketed(String text, int depthChange) {
        static Bracketed of(String word) {
            int opened = 0;
            while (opened < word.length() && word.charAt(opened) == '[') {
                opened++;
            }
            String text = word.substring(opened);
            int closed = 0;
            while (text.endsWith("]") && count(text, ']') > count(text, '[')) {
                text = text.substring(0, text.length() - 1);
                closed++;
            }
            return new Bracketed(text, opened - closed);
        }

        private static long count(String text, char c) {
            return text.chars().filter(x -> x == c).count();
        }
    }

    /** Splits one line into shell words: quotes and {@code $(...)} hold a word together. */
    private static List<Token> tokens(String line, int number) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        int substitution = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(') {
                substitution++;
                word.append("$(");
                i++;
            } else if (substitution > 0) {
                if (c == '(') {
                    substitution++;
                } else if (c == ')') {
                    substitution--;
                }
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    tokens.add(new Token(word.toString(), number));
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            tokens.add(new Token(word.toString(), number));
        }
        return tokens;
    }
}
