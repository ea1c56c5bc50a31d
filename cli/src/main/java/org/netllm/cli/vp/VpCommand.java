package org.netllm.cli.vp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Viewport prediction: evaluation, the unseen grid, TRACK training and adaptation. */
@Command(name = "vp", mixinStandardHelpOptions = true,
        description = "Viewport prediction (VP): evaluate predictors, train TRACK, adapt the model.",
        subcommands = {
            VpEvalCommand.class,
            VpUnseenCommand.class,
            VpTrainTrackCommand.class,
            VpAdaptCommand.class,
            VpLatencyCommand.class,
        })
public final class VpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
