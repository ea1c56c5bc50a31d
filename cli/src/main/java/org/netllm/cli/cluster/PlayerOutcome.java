package org.netllm.cli.cluster;

/**
 * One HTTP request of a simulated player and how it was answered.
 *
 * @param atNanos    when the answer (or the failure) came
 * @param session    the player's session number (unique within the run)
 * @param status     the HTTP status; {@link #UNANSWERED} when no answer came (connection lost, timed out)
 * @param decidedBy  who decided the level ({@code policy}, {@code fallback_deadline}, {@code fallback_unreachable},
 *                   {@code resumed} …); empty for session creation and errors
 * @param chunk      the chunk the answer is for (-1 for a creation or an error)
 */
record PlayerOutcome(long atNanos, int session, int status, String decidedBy, int chunk) {

    static final int UNANSWERED = -1;

    boolean decision() {
        return status == 200 && !decidedBy.isEmpty();
    }
}
