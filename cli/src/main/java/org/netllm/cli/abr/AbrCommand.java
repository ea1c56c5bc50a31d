package org.netllm.cli.abr;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Adaptive bitrate streaming: evaluation, experience collection and adaptation. */
@Command(name = "abr", mixinStandardHelpOptions = true,
        description = "Adaptive bitrate streaming (ABR): evaluate controllers, collect experience, adapt the model.",
        subcommands = {
            EvalCommand.class,
            UnseenCommand.class,
            LatencyCommand.class,
            GateCommand.class,
            GenerateCommand.class, WorldCommand.class,
            CollectCommand.class, AdaptCommand.class, DaggerCommand.class, TrainPensieveCommand.class,
        })
public final class AbrCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
