package org.netllm.emulation.cjs;

/**
 * A TPC-H query at one input size as a job DAG: its stages and dependencies ({@code parents[s]} are the stages
 * stage s needs, {@code children[s]} the stages that need s, each ascending). The stage key is the node index
 * ({@code stage_id_to_node_index} is ignored, Q4). Immutable.
 *
 * @param query    1..22
 * @param size     2g, 5g, 10g, 20g, 50g, 80g or 100g
 * @param stages   the stages in node order
 * @param parents  per stage, the ascending indices of its parents
 * @param children per stage, the ascending indices of its children
 */
public record JobTemplate(int query, String size, StageTemplate[] stages, int[][] parents, int[][] children) {

    public int stageCount() {
        return stages.length;
    }
}
