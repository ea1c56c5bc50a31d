package org.netllm.cli.abr;

import org.netllm.adapt.rl.ReturnConditionedPolicy.Context;
import org.netllm.cli.DataDirectory;
import org.netllm.cli.DemoCommand;
import org.netllm.cli.FixedChoice;
import org.netllm.controller.abr.netllm.ModelOptions;
import org.netllm.adaptation.abr.AbrPolicyRegistry;

/** The ABR policy registry as the commands use it: {@code netllm:default} is the project's committed adapter. */
public final class PolicySpecs {

    private PolicySpecs() {
    }

    /** The registry whose adapted models decide with {@code options}. */
    public static AbrPolicyRegistry registry(ModelOptions options) {
        return new AbrPolicyRegistry(DataDirectory.projectRoot().resolve(DemoCommand.DEFAULT_MODEL), options);
    }

    /** The registry with the default model options (greedy, saved target return, sliding context). */
    public static AbrPolicyRegistry registry() {
        return registry(ModelOptions.DEFAULT);
    }

    /** {@code --context}'s choices for adapted models' evaluation: sliding or restart. */
    public static final class ContextChoice extends FixedChoice<Context> {
        public ContextChoice() {
            super(Context.class);
        }
    }
}
