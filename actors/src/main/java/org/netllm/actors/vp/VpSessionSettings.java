package org.netllm.actors.vp;

import java.time.Duration;

/**
 * What every live viewer session of a server shares.
 *
 * @param hw               samples of history a prediction needs (NetLLM's default 10: 2 s at 5 Hz)
 * @param pw               samples predicted (default 20: 4 s)
 * @param periodSeconds    the sampling period (0.2 s at 5 Hz): predictions are for the next pw periods
 * @param decisionDeadline past it the session's Velocity fallback answers (default 150 ms, under the period)
 * @param idleTimeout      a session with no sample for this long is expired
 * @param maxSessions      sessions beyond this are refused
 * @param maxSamples       samples a session keeps (older ones are dropped from its view, not from its scores)
 */
public record VpSessionSettings(int hw, int pw, double periodSeconds, Duration decisionDeadline, Duration idleTimeout,
                                int maxSessions, int maxSamples) {

    public VpSessionSettings {
        if (hw < 1 || pw < 1 || !(periodSeconds > 0) || maxSessions < 1 || maxSamples < hw) {
            throw new IllegalArgumentException("VP session settings need hw, pw >= 1, a positive period, at least "
                    + "one session and maxSamples >= hw; got hw " + hw + ", pw " + pw + ", period " + periodSeconds
                    + ", maxSessions " + maxSessions + ", maxSamples " + maxSamples);
        }
        if (decisionDeadline.isNegative() || decisionDeadline.isZero() || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("deadline " + decisionDeadline + " and idle timeout " + idleTimeout
                    + " must be positive");
        }
    }

    /** NetLLM's default windows at 5 Hz, a 150 ms deadline, 2 min idle expiry. */
    public static VpSessionSettings defaults(int maxSessions) {
        return new VpSessionSettings(10, 20, 0.2, Duration.ofMillis(150), Duration.ofMinutes(2), maxSessions, 20_000);
    }

    /** These settings with other windows. */
    public VpSessionSettings withWindows(int historyWindow, int predictionWindow) {
        return new VpSessionSettings(historyWindow, predictionWindow, periodSeconds, decisionDeadline, idleTimeout,
                maxSessions, Math.max(maxSamples, historyWindow));
    }

    /** These settings with another decision deadline. */
    public VpSessionSettings withDeadline(Duration deadline) {
        return new VpSessionSettings(hw, pw, periodSeconds, deadline, idleTimeout, maxSessions, maxSamples);
    }
}
