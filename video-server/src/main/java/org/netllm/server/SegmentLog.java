package org.netllm.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which media segments the server delivered to each session (players tag segment requests with
 * {@value #SESSION_HEADER}): the server's side of "did the player fetch what the controller chose". Threadsafe.
 */
public final class SegmentLog {

    public static final String SESSION_HEADER = "X-Netllm-Session";
    private static final int MAX_SESSIONS = 10_000;

    private final Map<String, List<DashContent.Segment>> served = new ConcurrentHashMap<>();

    void record(String sessionId, DashContent.Segment segment) {
        if (served.size() >= MAX_SESSIONS && !served.containsKey(sessionId)) {
            // Bounded memory: an unknown client tagging requests with fresh ids cannot grow this forever.
            return;
        }
        served.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(segment);
    }

    /** Segments delivered to a session, in delivery order. */
    public List<DashContent.Segment> servedTo(String sessionId) {
        return List.copyOf(served.getOrDefault(sessionId, List.of()));
    }

    void forget(String sessionId) {
        served.remove(sessionId);
    }
}
