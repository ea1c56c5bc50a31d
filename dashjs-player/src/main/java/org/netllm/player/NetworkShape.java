package org.netllm.player;

import java.util.function.DoubleUnaryOperator;

/**
 * A bandwidth trace replayed by Chromium's own network throttling (DevTools {@code Network.emulateNetworkConditions}),
 * for machines without Mahimahi: the download rate at each second of playback and a fixed added round-trip latency.
 * Coarser than Mahimahi's packet-level link (the rate is set once per step of the page's polling, 250 ms), but the
 * same for every page played with it, so two players can be compared on one trace.
 *
 * @param latencyMs  round-trip latency added to every request
 * @param mbpsAt     download rate (Mbit/s) at a time since playback was opened (s)
 */
public record NetworkShape(double latencyMs, DoubleUnaryOperator mbpsAt) {
}
