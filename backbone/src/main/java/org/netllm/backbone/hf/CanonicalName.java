package org.netllm.backbone.hf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A canonical weight name split into parts: {@code layers.<layer>.<module>.<kind>}, or a top-level
 * {@code <module>.<kind>} with layer −1.
 *
 * @param layer  layer index, or −1
 * @param module q, k, v, o, gate, up, down, attn_norm, mlp_norm, embed_tokens, final_norm, ...
 * @param kind   weight or bias
 */
record CanonicalName(int layer, String module, String kind) {

    private static final Pattern LAYER = Pattern.compile("layers\\.(\\d+)\\.([a-z_]+)\\.(weight|bias)");
    private static final Pattern TOP = Pattern.compile("([a-z_]+)\\.(weight|bias)");

    static CanonicalName parse(String name) {
        Matcher m = LAYER.matcher(name);
        if (m.matches()) {
            return new CanonicalName(Integer.parseInt(m.group(1)), m.group(2), m.group(3));
        }
        m = TOP.matcher(name);
        if (m.matches()) {
            return new CanonicalName(-1, m.group(1), m.group(2));
        }
        throw new IllegalArgumentException("not a canonical weight name: " + name);
    }

    boolean inLayer() {
        return layer >= 0;
    }
}
