package org.netllm.actors.abr;

import java.time.Duration;
import org.netllm.controller.abr.AbrPolicy;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;

/**
 * What every live ABR session of a server shares.
 *
 * @param video             the ladder and chunk sizes being served
 * @param fallback          answers when the policy misses the deadline, is overloaded or fails (BBA by default)
 * @param decisionDeadline  how long a session waits for the policy before the fallback answers
 * @param idleTimeout       a session with no report for this long is expired
 * @param maxSessions       sessions beyond this are refused
 */
public record SessionSettings(Video video, AbrPolicy fallback, Duration decisionDeadline, Duration idleTimeout,
                              QoeModel qoe, int maxSessions) {

    public SessionSettings {
        if (decisionDeadline.isNegative() || decisionDeadline.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("deadline " + decisionDeadline + " and idle timeout " + idleTimeout
                    + " must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions " + maxSessions + " must be at least 1");
        }
    }
}
