package org.netllm.cli;

import org.netllm.errors.InvalidInputException;
import picocli.CommandLine;

/** Entry point of the {@code netllm} command: user errors become one message and exit code 2. */
public final class Main {

    /** Exit code for bad user input (a file, an option, a value). */
    public static final int USER_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The option, anywhere on the command line, that shows the libraries' INFO lines. */
    public static final String VERBOSE = "--verbose";

    /** Runs the command line and returns its exit code; never throws for user errors. */
    public static int run(String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains(VERBOSE);
        // Libraries (DJL, Pekko, Netty) talk at INFO; a user's terminal shows warnings and errors unless asked.
        // Set before the first logger exists; an explicit -D setting wins.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
            if (!verbose) {
                // DJL probes for CUDA on every start and warns twice when it finds none: noise on a CPU machine.
                System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
            }
        }
        args = java.util.Arrays.stream(args).filter(a -> !a.equals(VERBOSE)).toArray(String[]::new);
        // Nothing may be downloaded at run time: DJL must use the bundled native library and local weights.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        return execute(new CommandLine(new NetllmCommand()), args);
    }

    /** Executes a prepared command line with the user-error handling of the real entry point. */
    public static int execute(CommandLine cli, String... args) {
        cli.setExecutionExceptionHandler(Main::handleExecutionException);
        cli.setParameterExceptionHandler(Main::handleParameterException);
        String[] resumed;
        try {
            resumed = ResumedCommandLine.expand(args);
        } catch (InvalidInputException e) {
            cli.getErr().println("netllm: " + e.getMessage());
            cli.getErr().flush();
            return USER_ERROR;
        }
        if (resumed != args) {
            // the stored command line first, then what the user gave now (--steps, --time-budget...), which wins
            cli.setOverwrittenOptionsAllowed(true);
        }
        return cli.execute(resumed);
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable userError = userErrorIn(e);
        if (userError != null) {
            cmd.getErr().println("netllm: " + userError.getMessage());
            return USER_ERROR;
        }
        throw new IllegalStateException("netllm " + cmd.getCommandName() + " failed unexpectedly (a bug; please report "
                + "it with this trace)", e);
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("netllm: " + e.getMessage());
        cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return USER_ERROR;
    }

    /** Finds a user-input error in the cause chain (every module's user-error type extends one base type). */
    private static Throwable userErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException) {
                return t;
            }
        }
        return null;
    }
}
