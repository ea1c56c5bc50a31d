package org.netllm.actors.cjs;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latest snapshot of every live cluster, read by HTTP handlers without asking an actor. Threadsafe. */
public final class ClusterBoard {

    private final Map<String, ClusterView> views = new ConcurrentHashMap<>();

    void publish(ClusterView view) {
        views.put(view.id(), view);
    }

    void remove(String clusterId) {
        views.remove(clusterId);
    }

    public Optional<ClusterView> get(String clusterId) {
        return Optional.ofNullable(views.get(clusterId));
    }

    public Collection<ClusterView> all() {
        return views.values();
    }

    public int activeSessions() {
        return (int) views.values().stream().filter(v -> !v.finished()).count();
    }
}
