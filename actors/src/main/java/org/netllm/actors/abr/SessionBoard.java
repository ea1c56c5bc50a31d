package org.netllm.actors.abr;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest snapshot of every live session, written by the session actors and read by HTTP handlers without asking
 * an actor. This class is threadsafe.
 */
public final class SessionBoard {

    private final Map<String, SessionView> views = new ConcurrentHashMap<>();

    void publish(SessionView view) {
        views.put(view.id(), view);
    }

    void remove(String sessionId) {
        views.remove(sessionId);
    }

    public Optional<SessionView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId));
    }

    public Collection<SessionView> all() {
        return views.values();
    }

    public int activeSessions() {
        return views.size();
    }
}
