package org.netllm.cli;

import org.netllm.cli.abr.AbrCommand;
import picocli.CommandLine.Command;

/** The top-level {@code netllm} command; every task and tool is a subcommand. */
@Command(name = "netllm", mixinStandardHelpOptions = true, version = "netllm 0.1.0",
        description = "Adapt pretrained language models to networking tasks (NetLLM) and run them as live controllers.",
        footer = "Add --verbose anywhere to see the libraries' INFO lines and libtorch's warnings (hidden by default).",
        subcommands = {
            AbrCommand.class,
            org.netllm.cli.vp.VpCommand.class,
            org.netllm.cli.cjs.CjsCommand.class,
            DemoCommand.class,
            org.netllm.cli.backbone.BackboneCommand.class,
            org.netllm.cli.testbed.TestbedCommand.class,
            org.netllm.cli.live.ServeCommand.class, org.netllm.cli.live.PlayCommand.class,
            org.netllm.cli.load.LoadCommand.class,
            org.netllm.cli.cluster.ClusterFailoverCommand.class,
        })
public final class NetllmCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
