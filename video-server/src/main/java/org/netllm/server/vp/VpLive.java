package org.netllm.server.vp;

import java.time.Duration;
import java.util.function.Supplier;
import org.netllm.actors.Batching;
import org.netllm.actors.vp.BatchViewportPredictor;
import org.netllm.actors.vp.VpSessionSettings;
import org.netllm.controller.vp.ViewportPredictor;

/**
 * The live viewport-prediction part of a server.
 *
 * @param predictor makes the batched predictor (again after every restart of the policy actor)
 * @param name      its name in views and metrics
 * @param batching  how the policy actor groups concurrent viewers (one forward pass per batch for a model)
 * @param settings  windows, deadline, idle expiry and session cap of every viewer
 */
public record VpLive(Supplier<BatchViewportPredictor> predictor, String name, Batching batching,
                     VpSessionSettings settings) {

    /** A model answers a batch in one forward pass: worth a short wait for more viewers. */
    public static final Batching MODEL_BATCHING = Batching.of(Duration.ofMillis(5), 64);

    /** A predictor with NetLLM's default windows, a 150 ms deadline and no batching (right for a classic rule). */
    public static VpLive of(ViewportPredictor predictor, int maxSessions) {
        return new VpLive(() -> new BatchViewportPredictor(predictor), predictor.name(), Batching.OFF,
                VpSessionSettings.defaults(maxSessions));
    }

    /** These settings with another batching. */
    public VpLive withBatching(Batching other) {
        return new VpLive(predictor, name, other, settings);
    }

    /** These settings with other session settings. */
    public VpLive withSettings(VpSessionSettings other) {
        return new VpLive(predictor, name, batching, other);
    }
}
