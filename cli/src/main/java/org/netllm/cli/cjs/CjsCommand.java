package org.netllm.cli.cjs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Cluster job scheduling: NetLLM's Spark simulator, the FIFO / Fair / Decima schedulers and their evaluation. */
@Command(name = "cjs", mixinStandardHelpOptions = true,
        description = "Cluster job scheduling (CJS): evaluate schedulers in NetLLM's Spark simulator, generate jobs.",
        subcommands = {
            EvalCommand.class,
            UnseenCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            LatencyCommand.class,
            CollectCommand.class,
            ServeCommand.class,
            AdaptCommand.class,
        })
public final class CjsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
