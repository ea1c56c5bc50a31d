package org.netllm.controller.abr.netllm;

import java.util.OptionalDouble;
import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;

/**
 * How an adapted ABR model decides once loaded.
 *
 * @param decoding     greedy or sampled
 * @param targetReturn overrides the saved target return (normalised-reward units) when present
 * @param context      which past steps a decision sees (NetLLM's sliding window by default)
 */
public record ModelOptions(NetllmAbrPolicy.Decoding decoding, OptionalDouble targetReturn, Context context) {

    /** Greedy, the saved target return, the sliding context. */
    public static final ModelOptions DEFAULT = new ModelOptions(new NetllmAbrPolicy.Decoding.Greedy(),
            OptionalDouble.empty(), Context.SLIDING);

    /** These options with another context. */
    public ModelOptions withContext(Context other) {
        return new ModelOptions(decoding, targetReturn, other);
    }
}
