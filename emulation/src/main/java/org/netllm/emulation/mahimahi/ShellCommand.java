package org.netllm.emulation.mahimahi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command to run inside an emulated shell, with the environment variables it needs beyond PATH. */
public record ShellCommand(List<String> argv, Map<String, String> environment) {

    public ShellCommand {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a shell command needs at least a program name");
        }
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    public static ShellCommand of(String... argv) {
        return new ShellCommand(List.of(argv), Map.of());
    }

    /** A POSIX {@code sh -c} script; {@code $MAHIMAHI_BASE} in it is the host's address. */
    public static ShellCommand script(String script) {
        return of("sh", "-c", script);
    }

    public ShellCommand withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new ShellCommand(argv, env);
    }
}
