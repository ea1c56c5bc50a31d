package org.netllm.adapt;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The one progress report of every long command (evaluation, collection, training): the count, the elapsed time,
 * the ETA and a detail (e.g. the loss), on stderr. On a terminal it is a bar redrawn in place at most every 200 ms;
 * elsewhere (a log file, a pipe, a batch job) a plain line at most every 30 s, so logs do not fill with redraws.
 * Threadsafe.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_LINE_NANOS = 30_000_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private long startNanos = System.nanoTime();
    private long startCount;
    private long lastDraw;
    private long done;
    private String detail = "";

    public ProgressBar(String label, long total) {
        this(label, total, System.err, onTerminal());
    }

    public ProgressBar(String label, long total, PrintStream out) {
        this(label, total, out, onTerminal());
    }

    /**
     * @param interactive whether {@code out} is a terminal (a bar redrawn in place) or not (plain lines every 30 s)
     */
    public ProgressBar(String label, long total, PrintStream out, boolean interactive) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.interactive = interactive;
        this.lastDraw = interactive ? 0 : System.nanoTime();
    }

    /**
     * Whether the process talks to a terminal: Java 17's console exists only when neither standard input nor output
     * is redirected; {@code -Dnetllm.progress=bar|plain} overrides.
     */
    public static boolean onTerminal() {
        String forced = System.getProperty("netllm.progress");
        if (forced != null) {
            return forced.equals("bar");
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Starts the count at {@code value} (a resumed run), so the rate and ETA count only this sitting's work. */
    public synchronized void resumeAt(long value) {
        done = value;
        startCount = value;
        startNanos = System.nanoTime();
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
        boolean last = done >= total;
        if (interactive ? last || now - lastDraw > REDRAW_NANOS : now - lastDraw >= PLAIN_LINE_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Seconds per unit so far (in this sitting). */
    public synchronized double secondsPerStep() {
        long counted = done - startCount;
        return counted <= 0 ? 0 : (System.nanoTime() - startNanos) / 1e9 / counted;
    }

    public synchronized void finish() {
        draw(System.nanoTime());
        if (interactive) {
            out.println();
        }
    }

    private void draw(long now) {
        double fraction = Math.min(1.0, done / (double) total);
        double elapsed = (now - startNanos) / 1e9;
        long counted = done - startCount;
        String eta = counted <= 0 ? "?" : format(Duration.ofSeconds(Math.round(elapsed / counted * (total - done))));
        if (interactive) {
            int filled = (int) Math.round(fraction * WIDTH);
            out.printf("\r%s [%s%s] %d/%d %3.0f%% %s elapsed, ETA %s %s", label, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), done, total, fraction * 100,
                    format(Duration.ofSeconds(Math.round(elapsed))), eta, detail);
        } else {
            out.printf("%s %d/%d %3.0f%% %s elapsed, ETA %s %s%n", label, done, total, fraction * 100,
                    format(Duration.ofSeconds(Math.round(elapsed))), eta, detail);
        }
        out.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
