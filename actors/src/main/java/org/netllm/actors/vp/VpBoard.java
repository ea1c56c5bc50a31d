package org.netllm.actors.vp;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest snapshot of every live viewer session, written by the trackers and read by HTTP handlers without
 * asking an actor. This class is threadsafe.
 */
public final class VpBoard {

    private final Map<String, ViewerView> views = new ConcurrentHashMap<>();

    void publish(ViewerView view) {
        views.put(view.id(), view);
    }

    void remove(String sessionId) {
        views.remove(sessionId);
    }

    public Optional<ViewerView> get(String sessionId) {
        return Optional.ofNullable(views.get(sessionId));
    }

    public Collection<ViewerView> all() {
        return views.values();
    }

    public int activeSessions() {
        return views.size();
    }
}
