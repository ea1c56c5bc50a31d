package org.netllm.backbone.transformer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.netllm.backbone.BackboneLoadException;
import org.netllm.backbone.LoraConfig;
import org.netllm.backbone.lora.LoraLinear;
import org.netllm.backbone.transformer.Architecture.Projection;

/** Which projections of an architecture get a LoRA adapter, and with what rank. */
record LoraPlan(Optional<LoraConfig> config, Set<Projection> targets) {

    /** Resolves the config's target names (roles like {@code q}, or checkpoint names like {@code q_proj}). */
    static LoraPlan of(Architecture arch, Optional<LoraConfig> config) {
        if (config.isEmpty()) {
            return new LoraPlan(config, EnumSet.noneOf(Projection.class));
        }
        EnumSet<Projection> targets = EnumSet.noneOf(Projection.class);
        for (String target : config.get().targets()) {
            EnumSet<Projection> matched = EnumSet.noneOf(Projection.class);
            for (Projection p : Projection.values()) {
                String name = arch.nameOf(p);
                if (name == null) {
                    continue;
                }
                if (p.name().toLowerCase(Locale.ROOT).equals(target) || name.equals(target)
                        || name.startsWith(target + "_")) {
                    matched.add(p);
                }
            }
            if (arch.mlp() != Architecture.Mlp.GATED) {
                matched.remove(Projection.GATE);
            }
            if (matched.isEmpty()) {
                throw new BackboneLoadException("LoRA target '" + target + "' names no linear module of a "
                        + arch.family() + " backbone; use one of " + targetableNames(arch)
                        + " or the roles q k v o up gate down");
            }
            targets.addAll(matched);
        }
        return new LoraPlan(config, targets);
    }

    /** The checkpoint names of the linear modules of a family. */
    static List<String> targetableNames(Architecture arch) {
        List<String> names = new ArrayList<>();
        for (Projection p : Projection.values()) {
            if (p == Projection.GATE && arch.mlp() != Architecture.Mlp.GATED) {
                continue;
            }
            String name = arch.nameOf(p);
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A linear layer for a role, with an adapter when the role is targeted. */
    LoraLinear linear(Projection role, int in, int out, boolean bias) {
        if (config.isPresent() && targets.contains(role)) {
            LoraConfig c = config.get();
            return new LoraLinear(in, out, bias, c.rank(), c.alpha(), c.dropout());
        }
        return new LoraLinear(in, out, bias, 0, 0f, 0f);
    }
}
