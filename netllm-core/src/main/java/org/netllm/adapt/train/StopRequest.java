package org.netllm.adapt.train;

import java.time.Duration;

/**
 * Why a long run should stop early and keep its state: a request from outside (SIGINT or SIGTERM, honoured after the
 * current step) or a time budget (honoured at the first validation past it, so the budget never cuts a validation's
 * worth of steps away from the checkpoint). Threadsafe: a signal handler may call {@link #request} at any time.
 */
public final class StopRequest {

    private final Duration budget;
    private final long startNanos;
    private volatile String requested;

    private StopRequest(Duration budget) {
        this.budget = budget;
        this.startNanos = System.nanoTime();
    }

    /** No budget; stops only when {@linkplain #request asked}. */
    public static StopRequest never() {
        return new StopRequest(null);
    }

    /** Stops at the first validation after {@code budget} of wall time from now, or when asked. */
    public static StopRequest after(Duration budget) {
        return new StopRequest(budget);
    }

    /** Asks the run to stop after the step it is on; the first reason given is kept. */
    public void request(String reason) {
        if (requested == null) {
            requested = reason;
        }
    }

    /** The reason to stop now, after a step, or null to go on. */
    public String afterStep() {
        return requested;
    }

    /** The reason to stop after a validation (a request, or the budget spent), or null to go on. */
    public String atValidation() {
        if (requested != null) {
            return requested;
        }
        if (budget != null && System.nanoTime() - startNanos >= budget.toNanos()) {
            return "the time budget of " + format(budget) + " is spent";
        }
        return null;
    }

    /** The budget, if there is one. */
    public Duration budget() {
        return budget;
    }

    /** A duration as a user writes it: 45m, 1h30m, 20s. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        if (d.toHours() > 0) {
            s.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        return s.toString();
    }

    /**
     * Parses a time budget such as {@code 45m}, {@code 1h30m}, {@code 90s} or {@code 2h}.
     *
     * @throws IllegalArgumentException naming the value when it is not of that form
     */
    public static Duration parseBudget(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        var m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("time budget '" + text + "' is not of the form 45m, 1h30m, 90s or 2h");
        }
        long seconds = 0;
        if (m.group(1) != null) {
            seconds += Long.parseLong(m.group(1)) * 3600;
        }
        if (m.group(2) != null) {
            seconds += Long.parseLong(m.group(2)) * 60;
        }
        if (m.group(3) != null) {
            seconds += Long.parseLong(m.group(3));
        }
        return Duration.ofSeconds(seconds);
    }
}
