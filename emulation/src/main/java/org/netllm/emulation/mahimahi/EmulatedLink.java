package org.netllm.emulation.mahimahi;

import java.nio.file.Path;

/**
 * The emulated path {@code mm-delay D mm-link UP DOWN}: a fixed one-way delay, then a link whose uplink
 * (from inside the shell out) and downlink (towards the inside) replay packet-delivery traces.
 *
 * @param oneWayDelayMs  delay added in each direction (40 gives the paper's 80 ms round trip); 0 omits mm-delay
 * @param uplinkTrace    Mahimahi trace file for traffic leaving the shell
 * @param downlinkTrace  Mahimahi trace file for traffic entering the shell
 */
public record EmulatedLink(int oneWayDelayMs, Path uplinkTrace, Path downlinkTrace) {

    public EmulatedLink {
        if (oneWayDelayMs < 0) {
            throw new IllegalArgumentException("one-way delay must be ≥ 0 ms, got " + oneWayDelayMs);
        }
    }
}
