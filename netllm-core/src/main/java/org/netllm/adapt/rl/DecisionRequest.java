package org.netllm.adapt.rl;

import java.util.List;
import org.netllm.adapt.head.ActionMask;

/**
 * One session's new state, to be decided together with other sessions' in one forward pass.
 *
 * @param session whose context the state extends
 * @param state   the state's arrays in encoder order, flattened row-major
 * @param mask    which actions are valid now
 */
public record DecisionRequest(DecisionSession session, List<float[]> state, ActionMask mask) {
}
