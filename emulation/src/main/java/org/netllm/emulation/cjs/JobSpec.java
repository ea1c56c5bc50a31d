package org.netllm.emulation.cjs;

/**
 * One job of an episode: which TPC-H query at which size arrives when.
 *
 * @param id        0-based, the row order of its job file
 * @param arrivalMs arrival time in ms (job 0 at 0)
 * @param query     1..22
 * @param size      2g … 100g
 */
public record JobSpec(int id, double arrivalMs, int query, String size) {
}
