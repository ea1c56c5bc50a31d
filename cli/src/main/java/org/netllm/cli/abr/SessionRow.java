package org.netllm.cli.abr;

/** One (policy, trace) session's QoE and its three parts, as written to {@code results.csv}. */
public record SessionRow(String policy, String trace, double qoe, double bitrateMbps, double rebufferSeconds,
                         double smoothnessMbps) {
}
