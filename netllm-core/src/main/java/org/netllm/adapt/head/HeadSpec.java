package org.netllm.adapt.head;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a networking head answers. Every head reads one backbone state and produces an output row; labels and
 * actions are float rows too ({@link #labelWidth()} wide): a categorical head's label is the action index.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HeadSpec.Categorical.class, name = "categorical"),
    @JsonSubTypes.Type(value = HeadSpec.BoundedRegression.class, name = "bounded-regression"),
    @JsonSubTypes.Type(value = HeadSpec.Composite.class, name = "composite")
})
public sealed interface HeadSpec {

    /** Width of the head's output row (logits, values). */
    int outputWidth();

    /** Width of a label or action row. */
    int labelWidth();

    /** Width of an action as the return-conditioned model embeds it (one-hot for categorical). */
    int actionEncodingWidth();

    /** The simple heads in order (a composite's parts, flattened). */
    List<HeadSpec> leaves();

    /** One of {@code actions} discrete actions, answered as logits. */
    record Categorical(int actions) implements HeadSpec {
        public Categorical {
            if (actions < 2) {
                throw new IllegalArgumentException("a categorical head needs at least 2 actions, got " + actions);
            }
        }

        @Override public int outputWidth() { return actions; }
        @Override public int labelWidth() { return 1; }
        @Override public int actionEncodingWidth() { return actions; }
        @Override public List<HeadSpec> leaves() { return List.of(this); }
    }

    /** {@code dims} real values, each within [low, high] by construction (tanh scaled to the range). */
    record BoundedRegression(int dims, float low, float high) implements HeadSpec {
        public BoundedRegression {
            if (dims < 1 || !(high > low)) {
                throw new IllegalArgumentException("a bounded regression head needs dims >= 1 and high > low, got "
                        + dims + " dims in [" + low + ", " + high + "]");
            }
        }

        @Override public int outputWidth() { return dims; }
        @Override public int labelWidth() { return dims; }
        @Override public int actionEncodingWidth() { return dims; }
        @Override public List<HeadSpec> leaves() { return List.of(this); }
    }

    /** Several heads read the same state; their rows are concatenated in order. */
    record Composite(List<HeadSpec> parts) implements HeadSpec {
        public Composite {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a composite head needs at least one part");
            }
        }

        @Override public int outputWidth() { return leaves().stream().mapToInt(HeadSpec::outputWidth).sum(); }
        @Override public int labelWidth() { return leaves().stream().mapToInt(HeadSpec::labelWidth).sum(); }
        @Override public int actionEncodingWidth() {
            return leaves().stream().mapToInt(HeadSpec::actionEncodingWidth).sum();
        }
        @Override public List<HeadSpec> leaves() {
            return parts.stream().flatMap(p -> p.leaves().stream()).toList();
        }
    }

    /** Convenience for tests and tasks. */
    static HeadSpec composite(HeadSpec... parts) {
        return new Composite(Stream.of(parts).toList());
    }
}
