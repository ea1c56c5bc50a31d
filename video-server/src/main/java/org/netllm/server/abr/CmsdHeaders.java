package org.netllm.server.abr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The Common Media Server Data (CTA-5006) headers of one media response. {@code CMSD-Static} describes the object
 * ({@code br} its encoded bitrate in kbps, {@code d} its duration in ms, {@code ot=v} video, {@code sf=d} DASH,
 * {@code st=v} video on demand); {@code CMSD-Dynamic} is this server's element, named {@value #SERVER}, with
 * {@code mb} (the maximum bitrate the player should request next, kbps), {@code etp} (the throughput the server
 * estimates for the player, kbps) and {@code du} (duress: the server could not steer this player). Keys in
 * alphabetical order, as CTA-5004/5006 recommend.
 */
public final class CmsdHeaders {

    public static final String STATIC = "CMSD-Static";
    public static final String DYNAMIC = "CMSD-Dynamic";
    /** This server's name in CMSD-Dynamic (each server on the path adds its own element). */
    public static final String SERVER = "netllm";

    private CmsdHeaders() {
    }

    /** {@code CMSD-Static} of a video segment. */
    public static String staticOf(int bitrateKbps, long durationMs) {
        return "br=" + bitrateKbps + ",d=" + durationMs + ",ot=v,sf=d,st=v";
    }

    /** {@code CMSD-Dynamic} with a suggested maximum bitrate and, when the policy has one, a throughput estimate. */
    public static String dynamicOf(OptionalLong maxBitrateKbps, OptionalLong estimatedThroughputKbps, boolean duress) {
        StringBuilder out = new StringBuilder("\"" + SERVER + "\"");
        if (duress) {
            out.append(";du");
        }
        estimatedThroughputKbps.ifPresent(etp -> out.append(";etp=").append(etp));
        maxBitrateKbps.ifPresent(mb -> out.append(";mb=").append(mb));
        return out.toString();
    }

    /** Both headers, ready for a response. */
    static Map<String, String> of(int bitrateKbps, long durationMs, OptionalLong maxBitrateKbps,
                                  OptionalLong estimatedThroughputKbps, boolean duress) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(STATIC, staticOf(bitrateKbps, durationMs));
        headers.put(DYNAMIC, dynamicOf(maxBitrateKbps, estimatedThroughputKbps, duress));
        return headers;
    }
}
