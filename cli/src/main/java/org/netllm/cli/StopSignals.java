package org.netllm.cli;

import java.util.ArrayList;
import java.util.List;
import org.netllm.adapt.train.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during a long run: the first asks the run to stop after its current step with its state saved
 * (a closed terminal, a scheduler's time limit, a preempted VM all send one of these); a second stops the process at
 * once. The previous handlers come back on {@link #close}. Java has no public API for this; {@code sun.misc.Signal}
 * (module jdk.unsupported) is the one every JVM tool uses.
 */
public final class StopSignals implements AutoCloseable {

    private record Installed(Signal signal, SignalHandler previous) {
    }

    private final List<Installed> installed = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers, which ask {@code stop} to stop; {@link #close} puts the previous ones back. */
    public static StopSignals install(StopRequest stop) {
        StopSignals signals = new StopSignals();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, s -> {
                    if (stop.afterStep() != null) {
                        System.err.println("netllm: SIG" + name + " again: stopping at once, without saving");
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    stop.request("SIG" + name + " received");
                    System.err.println("netllm: SIG" + name + ": finishing the current step, then saving the run's"
                            + " state (send it again to stop at once)");
                });
                signals.installed.add(new Installed(signal, previous));
            } catch (IllegalArgumentException e) {
                // The JVM reserves the signal (-Xrs, or a debugger): the run then stops as the JVM does.
            }
        }
        return signals;
    }

    @Override
    public void close() {
        for (Installed i : installed) {
            Signal.handle(i.signal(), i.previous());
        }
        installed.clear();
    }
}
