package org.netllm.cli.abr;

import org.netllm.emulation.abr.AbrEvaluation;

/** Turns a policy spec of the command line into something the evaluation can play. */
final class PolicySpecs {

    private PolicySpecs() {
    }

    static AbrEvaluation.Contender contender(String spec) {
        return AbrEvaluation.Contender.byName(spec);
    }
}
