package org.netllm.adapt.head;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which discrete actions are valid for one decision: one array per leaf head ({@link HeadSpec#leaves()} order),
 * {@code null} where every action is valid or the leaf is not categorical.
 */
public record ActionMask(List<boolean[]> valid) {

    private static final ActionMask NONE = new ActionMask(List.of());

    public ActionMask {
        valid = Collections.unmodifiableList(new ArrayList<>(valid));
    }

    /** Everything is valid. */
    public static ActionMask none() {
        return NONE;
    }

    /** The mask of a single categorical head. */
    public static ActionMask of(boolean[] valid) {
        return new ActionMask(java.util.Arrays.asList(new boolean[][] {valid}));
    }

    /** The mask for leaf {@code i}, or null when all of its actions are valid. */
    public boolean[] forLeaf(int i) {
        return i < valid.size() ? valid.get(i) : null;
    }
}
