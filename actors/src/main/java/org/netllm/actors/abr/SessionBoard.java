package org.netllm.actors.abr;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latest snapshot of every live session, and the final one of the last {@value #FINISHED_KEPT} finished sessions,
 * written by the session actors and read by HTTP handlers without asking an actor. This class is threadsafe.
 */
public final class SessionBoard {

    /** Finished sessions' final views kept (oldest dropped first), so that a finished session stays readable. */
    static final int FINISHED_KEPT = 1000;

    private final Map<String, SessionView> views = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> retired = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retiredCount = new AtomicInteger();

    void publish(SessionView view) {
        views.put(view.id(), view);
    }

    void remove(String sessionId) {
        views.remove(sessionId);
    }

    /** The session's actor stopped after its last chunk: its view stays until {@value #FINISHED_KEPT} newer ones. */
    void retire(String sessionId) {
        retired.add(sessionId);
        if (retiredCount.incrementAndGet() > FINISHED_KEPT) {
            String oldest = retired.poll();
            if (oldest != null) {
                retiredCount.decrementAndGet();
                views.remove(oldest);
            }
        }
    }

    public Optional<SessionView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId));
    }

    public Collection<SessionView> all() {
        return views.values();
    }

    /** Sessions still streaming (finished ones kept for reading are not counted). */
    public int activeSessions() {
        return (int) views.values().stream().filter(v -> !v.finished()).count();
    }
}
