package org.netllm.cli;

import org.netllm.errors.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code --torch-threads}: PyTorch's intra-op threads, set before the engine loads (it reads them once). */
public final class TorchThreads {

    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int torchThreads;

    /** Refuses fewer than one thread. */
    public void check() {
        check(torchThreads);
    }

    /** Sets the threads for the engine, which must not have been loaded yet. */
    public void apply() {
        apply(torchThreads);
    }

    /** {@link #check()} for a command that declares the option with help of its own. */
    public static void check(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("--torch-threads must be at least 1, got " + threads);
        }
    }

    /** {@link #apply()} for a command that declares the option with help of its own. */
    public static void apply(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
