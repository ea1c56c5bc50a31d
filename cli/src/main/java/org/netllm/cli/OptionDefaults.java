package org.netllm.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One command's defaults for options that a mixin shares with commands that default them differently (e.g.
 * {@code --steps}); a command names its subclass in {@code @Command(defaultValueProvider = ...)}. Help texts show
 * these values through {@code ${DEFAULT-VALUE}} as if they were the annotation's.
 */
public abstract class OptionDefaults implements IDefaultValueProvider {

    private final Map<String, String> byOption;

    /** @param byOption default values by long option name, e.g. {@code "--steps" -> "500"} */
    protected OptionDefaults(Map<String, String> byOption) {
        this.byOption = Map.copyOf(byOption);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? byOption.get(option.longestName()) : null;
    }
}
