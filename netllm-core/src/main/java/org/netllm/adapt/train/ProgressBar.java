package org.netllm.adapt.train;

import java.io.PrintStream;
import java.time.Duration;

/** A one-line progress bar on stderr: step, loss, rate and time left. Redrawn at most a few times a second. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final int total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void update(int done, double loss, String note) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawNanos < 250_000_000L) {
            return;
        }
        lastDrawNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        double perStep = done == 0 ? 0 : elapsed / done;
        long eta = Math.round(perStep * (total - done));
        int filled = (int) ((long) WIDTH * done / total);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        out.printf("\r[%s] %d/%d loss %.4f %.2f s/step eta %s%s", bar, done, total, loss, perStep,
                format(Duration.ofSeconds(eta)), note.isEmpty() ? "" : " " + note);
        if (done == total) {
            out.println();
        }
        out.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutesPart(), d.toSecondsPart());
    }
}
