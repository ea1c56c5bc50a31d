package org.netllm.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the server should be sent traffic ({@code /readyz}): not while a model is still warming up (its first
 * decisions would miss their deadline), nor once it is shutting down. This class is threadsafe.
 */
public final class Readiness {

    /** Something the server waits for before it is ready; {@link #done} once it is. */
    public final class Pending {
        private final long id;

        private Pending(long id) {
            this.id = id;
        }

        public void done() {
            synchronized (Readiness.this) {
                pending.remove(id);
            }
        }
    }

    private final Map<Long, String> pending = new LinkedHashMap<>();
    private long next;
    private boolean closing;

    /** The server is not ready until {@code what} (e.g. "warming netllm:default") is {@link Pending#done}. */
    public synchronized Pending waitFor(String what) {
        long id = next++;
        pending.put(id, what);
        return new Pending(id);
    }

    /** From now on the server is draining: not ready, whatever else. */
    public synchronized void closing() {
        closing = true;
    }

    /** Whether the server is draining: it opens no new sessions. */
    public synchronized boolean isClosing() {
        return closing;
    }

    /** What the server still waits for; empty when it is ready. */
    public synchronized List<String> notReadyBecause() {
        List<String> reasons = new ArrayList<>(pending.values());
        if (closing) {
            reasons.add("shutting down");
        }
        return reasons;
    }
}
