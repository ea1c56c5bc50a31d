package org.netllm.cli.testbed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netllm testbed}: real playbacks through Mahimahi-emulated links (install with testbed-scripts/setup.sh). */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = "Emulated real-world testbed: the live server on this host, headless Chromium inside "
                + "mm-delay 40 mm-link (80 ms RTT, a bandwidth trace as the downlink). Needs Mahimahi: run "
                + "testbed-scripts/setup.sh as root first.",
        subcommands = {TestbedRunCommand.class, TestbedCheckCommand.class, TestbedPlayerCommand.class})
public final class TestbedCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
