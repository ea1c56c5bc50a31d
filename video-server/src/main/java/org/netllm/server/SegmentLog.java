package org.netllm.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.actors.abr.SessionBoard;

/**
 * Which media segments the server delivered to each live session (players tag segment requests with
 * {@value #SESSION_HEADER} and their session token): the server's side of "did the player fetch what the controller
 * chose". Only a session's owner can tag its segments, only sessions on the board are logged, and expired ones are
 * pruned, so a client can neither falsify another's log nor grow it without bound. Threadsafe.
 */
public final class SegmentLog {

    /** The session's token, as on API calls: {@code Authorization: Bearer TOKEN}; untokened requests are not logged. */
    public static final String TOKEN_HEADER = "Authorization";

    public static final String SESSION_HEADER = "X-Netllm-Session";
    static final int MAX_SEGMENTS_PER_SESSION = 100_000;

    private final SessionBoard board;
    private final SessionOwners owners;
    private final Map<String, List<DashContent.Segment>> served = new ConcurrentHashMap<>();

    SegmentLog(SessionBoard board, SessionOwners owners) {
        this.board = board;
        this.owners = owners;
    }

    void record(String sessionId, String authorization, DashContent.Segment segment) {
        if (board.get(sessionId).isEmpty()
                || !SessionOwners.bearer(authorization).map(token -> owners.owns(sessionId, token)).orElse(false)) {
            return;
        }
        if (!served.containsKey(sessionId) && served.size() > 2 * board.activeSessions() + 100) {
            served.keySet().removeIf(id -> board.get(id).isEmpty());
        }
        List<DashContent.Segment> list = served.computeIfAbsent(sessionId,
                id -> Collections.synchronizedList(new ArrayList<>()));
        if (list.size() < MAX_SEGMENTS_PER_SESSION) {
            list.add(segment);
        }
    }

    /** Segments delivered to a session, in delivery order. */
    public List<DashContent.Segment> servedTo(String sessionId) {
        List<DashContent.Segment> list = served.getOrDefault(sessionId, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }
}
