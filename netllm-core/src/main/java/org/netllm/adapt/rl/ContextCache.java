package org.netllm.adapt.rl;

import ai.djl.ndarray.NDScope;
import java.util.List;
import org.netllm.backbone.KvCache;

/**
 * The backbone's keys and values for a prefix of one session's context: every token of its first {@link #steps()}
 * steps but the last one's action (that step was being decided when it was cached). Not threadsafe; the policy
 * guards it.
 */
final class ContextCache implements AutoCloseable {

    private final KvCache cache;
    private final long restarts;
    private int steps;
    private float[][] lastState;

    ContextCache(KvCache cache, long restarts) {
        this.cache = cache;
        this.restarts = restarts;
    }

    KvCache cache() {
        return cache;
    }

    /** Steps whose tokens (all but the last step's action) are cached. */
    int steps() {
        return steps;
    }

    /**
     * Whether this cache holds a proper prefix of {@code context}, the session's context after {@code restarts}
     * restarts. Earlier steps cannot change within one restart; the last cached step is compared by its
     * state (the same array the session recorded), since a step decided twice gets a fresh state each time.
     */
    boolean isPrefixOf(long restarts, List<DecisionSession.Step> context) {
        if (restarts != this.restarts || steps >= context.size()) {
            return false;
        }
        return steps == 0 || context.get(steps - 1).state() == lastState;
    }

    /** Records that the cache now holds {@code context} up to its last step's last state token. */
    void heldUpTo(List<DecisionSession.Step> context) {
        steps = context.size();
        lastState = context.get(steps - 1).state();
    }

    /** Keeps the cache's arrays alive past the {@link NDScope} of the call that produced them. */
    void leaveScope() {
        for (int layer = 0; layer < cache.layers(); layer++) {
            if (cache.keys(layer) != null) {
                NDScope.unregister(cache.keys(layer), cache.values(layer));
            }
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
