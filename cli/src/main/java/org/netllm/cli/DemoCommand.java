package org.netllm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.cli.abr.EvalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netllm demo}: the adapted default model against the classic controllers on fcc-test. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluate the default adapted model and the classic ABR controllers on fcc-test, print the "
                + "table and write the plots.")
public final class DemoCommand implements Callable<Integer> {

    /** Where the committed default adapter lives, relative to the project root. */
    public static final String DEFAULT_MODEL = "models/default";

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirectory data;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/demo).")
    Path out;

    @Override
    public Integer call() {
        Path model = DataDirectory.projectRoot().resolve(DEFAULT_MODEL);
        List<String> policies = new ArrayList<>();
        if (Files.isDirectory(model)) {
            policies.add("netllm:default");
        } else {
            spec.commandLine().getErr().println("netllm demo: no default adapter at " + model
                    + "; evaluating the classic controllers only");
        }
        policies.addAll(List.of("bba", "mpc", "robust-mpc", "rate", "optimal"));
        List<String> args = new ArrayList<>(List.of("--traces", "fcc-test", "--policies", String.join(",", policies),
                "--out", (out != null ? out : DataDirectory.projectRoot().resolve("out/demo")).toString()));
        if (data.explicit != null) {
            args.addAll(List.of("--data-dir", data.explicit.toString()));
        }
        CommandLine eval = new CommandLine(new EvalCommand());
        eval.setOut(spec.commandLine().getOut());
        eval.setErr(spec.commandLine().getErr());
        eval.setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
        return eval.execute(args.toArray(String[]::new));
    }
}
