package org.netllm.server;

import java.util.Map;

/**
 * The largest request body each route accepts: one default, and larger limits for path prefixes whose requests are
 * bigger by nature (a cluster's whole job DAGs in one observation).
 *
 * @param defaultBytes the limit of every path no prefix names
 * @param byPrefix     a limit per path prefix (e.g. {@code /api/cjs/clusters})
 */
public record BodyLimits(int defaultBytes, Map<String, Integer> byPrefix) {

    public BodyLimits {
        if (defaultBytes <= 0 || byPrefix.values().stream().anyMatch(v -> v <= 0)) {
            throw new IllegalArgumentException("body limits must be positive, got " + defaultBytes + ", " + byPrefix);
        }
        byPrefix = Map.copyOf(byPrefix);
    }

    /** The limit of a request target (path and query). */
    public int forTarget(String target) {
        int limit = defaultBytes;
        int longest = -1;
        for (Map.Entry<String, Integer> e : byPrefix.entrySet()) {
            if (target.startsWith(e.getKey()) && e.getKey().length() > longest) {
                longest = e.getKey().length();
                limit = e.getValue();
            }
        }
        return limit;
    }

    /** The largest limit of any route: what one connection may buffer while a body arrives. */
    public int largest() {
        return byPrefix.values().stream().mapToInt(Integer::intValue).reduce(defaultBytes, Math::max);
    }
}
