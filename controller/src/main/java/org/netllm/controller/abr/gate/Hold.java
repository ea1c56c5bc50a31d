package org.netllm.controller.abr.gate;

import org.netllm.controller.abr.AbrController;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.AbrPolicy;

/**
 * Keeps the previous chunk's level: the cheapest rule a gate can put before a model. A trained policy pays for every
 * switch (the QoE's smoothness term), so where the link and the buffer give no reason to move, its answer is most
 * often the level it already holds; this rule gives that answer without a forward pass.
 */
public record Hold() implements AbrPolicy, AbrController {

    public static final String NAME = "hold";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AbrController newSession() {
        return this;
    }

    @Override
    public int chooseLevel(AbrObservation observation) {
        return observation.lastLevel();
    }
}
