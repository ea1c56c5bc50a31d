package org.netllm.adapt;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The one progress bar of every long command (evaluation, collection, training): a line on stderr with the count,
 * the elapsed time, the ETA and a detail (e.g. the loss). Threadsafe; redraws at most every 200 ms.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private long done;
    private String detail = "";

    public ProgressBar(String label, long total) {
        this(label, total, System.err);
    }

    public ProgressBar(String label, long total, PrintStream out) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
    }

    public synchronized void step() {
        advanceTo(done + 1);
    }

    public synchronized void advanceTo(long value) {
        advanceTo(value, detail);
    }

    /** Moves to {@code value} with a new detail after the ETA, e.g. {@code loss 0.41 1.2 s/step}. */
    public synchronized void advanceTo(long value, String newDetail) {
        done = value;
        detail = newDetail;
        long now = System.nanoTime();
        if (done >= total || now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Seconds per unit so far. */
    public synchronized double secondsPerStep() {
        return done == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9 / done;
    }

    public synchronized void finish() {
        draw(System.nanoTime());
        out.println();
    }

    private void draw(long now) {
        double fraction = Math.min(1.0, done / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        double elapsed = (now - startNanos) / 1e9;
        String eta = done == 0 ? "?" : format(Duration.ofSeconds(Math.round(elapsed / done * (total - done))));
        out.printf("\r%s [%s%s] %d/%d %3.0f%% %s elapsed, ETA %s %s", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, total, fraction * 100, format(Duration.ofSeconds(Math.round(elapsed))),
                eta, detail);
        out.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
