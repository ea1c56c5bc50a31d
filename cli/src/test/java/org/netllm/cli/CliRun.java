package org.netllm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code netllm} command with the real entry point's error handling. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun netllm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new NetllmCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.execute(cli, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
