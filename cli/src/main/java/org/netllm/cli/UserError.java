package org.netllm.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

/** Marks an exception type whose message is meant for the user: the CLI prints it and exits with code 2. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface UserError {

    /**
     * User-error exception types of modules that cannot see this annotation (they sit below the CLI), by class
     * name. Each names what is wrong with an input in its message.
     */
    Set<String> TYPES = Set.of(
            "org.netllm.controller.InvalidInputException",
            "org.netllm.backbone.BackboneLoadException",
            "org.netllm.adapt.AdapterLoadException",
            "org.netllm.adapt.train.TrainingDivergedException");
}
