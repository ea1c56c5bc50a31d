package org.netllm.cli.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * One {@code netllm serve --cluster} node run as a child JVM on loopback: its output (kept with the time each line
 * came, and written to a log file), its front door's URL, and a hard kill ({@code SIGKILL}: no leaving, no goodbye).
 */
final class ClusterNode implements AutoCloseable {

    /** A line of the node's output and when it came ({@link System#nanoTime()}). */
    record Line(long atNanos, String text) {
    }

    private final int number;
    private final int httpPort;
    private final int clusterPort;
    private final Process process;
    private final List<Line> lines = new ArrayList<>();

    private ClusterNode(int number, int httpPort, int clusterPort, Process process) {
        this.number = number;
        this.httpPort = httpPort;
        this.clusterPort = clusterPort;
        this.process = process;
    }

    /** Starts {@code java … org.netllm.cli.Main serve --cluster …} with {@code serveArgs}; output goes to {@code log}. */
    static ClusterNode launch(int number, int httpPort, int clusterPort, List<String> jvmArgs, List<String> serveArgs,
                              Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add("org.netllm.cli.Main");
        command.add("serve");
        command.addAll(serveArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ClusterNode node = new ClusterNode(number, httpPort, clusterPort, builder.start());
        Thread reader = new Thread(() -> node.read(log), "cluster-node-" + number + "-output");
        reader.setDaemon(true);
        reader.start();
        return node;
    }

    /** The classpath of this JVM (under Maven Surefire, the test classpath it was given). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void read(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String text; (text = in.readLine()) != null; ) {
                long at = System.nanoTime();
                synchronized (lines) {
                    lines.add(new Line(at, text));
                    lines.notifyAll();
                }
                out.println(text);
            }
        } catch (IOException e) {
            // The process died (killed): its output ends here.
        }
    }

    /** Waits until a line matches; false if the node exits or {@code timeout} passes first. */
    boolean await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (firstAt(match).isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive() && firstAt(match).isEmpty()) {
                    return firstAt(match).isPresent();
                }
                lines.wait(Math.min(200, Math.max(1, left / 1_000_000)));
            }
            return true;
        }
    }

    /** When the first line matching came, if one did. */
    OptionalLong firstAt(Predicate<String> match) {
        synchronized (lines) {
            return lines.stream().filter(l -> match.test(l.text())).mapToLong(Line::atNanos).findFirst();
        }
    }

    /** The output so far. */
    List<String> output() {
        synchronized (lines) {
            return lines.stream().map(Line::text).toList();
        }
    }

    int number() {
        return number;
    }

    String frontDoor() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** This node's address as cluster members name it. */
    String clusterAddress() {
        return "127.0.0.1:" + clusterPort;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills the JVM at once (SIGKILL): the cluster learns it only from missed heartbeats. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
