package org.netllm.controller.cjs;

import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.errors.InvalidInputException;
import org.netllm.safetensors.FloatTensor;
import org.netllm.safetensors.SafetensorsFile;

/**
 * Decima's published policy (spark-sched-sim's {@code DecimaScheduler} state dict): the node encoder's prep, msg
 * and update MLPs, the DAG and global encoders, and the stage and executor heads. Float32 values widened exactly to
 * double. Immutable.
 */
public record DecimaWeights(Mlp prep, Mlp msg, Mlp update, Mlp dag, Mlp glob, Mlp stage, Mlp exec) {

    /** Embedding width of nodes, DAGs and the global summary. */
    public static final int EMBED = 16;
    /** Node features. */
    public static final int FEATURES = 5;

    public DecimaWeights {
        check("prep", prep, FEATURES, EMBED);
        check("msg", msg, EMBED, EMBED);
        check("update", update, EMBED, EMBED);
        check("dag", dag, FEATURES + EMBED, EMBED);
        check("glob", glob, EMBED, EMBED);
        check("stage", stage, FEATURES + 3 * EMBED, 1);
        check("exec", exec, 3 + 2 * EMBED + 1, 1);
    }

    private static void check(String name, Mlp mlp, int in, int out) {
        if (mlp.inputs() != in || mlp.outputs() != out) {
            throw new IllegalArgumentException(name + " must map " + in + " to " + out + " values, got "
                    + mlp.inputs() + " to " + mlp.outputs());
        }
    }

    /** Reads the safetensors file of {@code ../shared/data/cjs/decima/} (tensor names as in the state dict). */
    public static DecimaWeights read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Decima weights file " + file + " does not exist (expected "
                    + "cjs/decima/decima.safetensors under the data directory)");
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return new DecimaWeights(
                    mlp(st, file, "encoder.node_encoder.mlp_prep", Mlp.Activation.LEAKY_RELU, FEATURES, 32, 16, 16),
                    mlp(st, file, "encoder.node_encoder.mlp_msg", Mlp.Activation.LEAKY_RELU, EMBED, 32, 16, 16),
                    mlp(st, file, "encoder.node_encoder.mlp_update", Mlp.Activation.LEAKY_RELU, EMBED, 32, 16, 16),
                    mlp(st, file, "encoder.dag_encoder.mlp", Mlp.Activation.LEAKY_RELU, FEATURES + EMBED, 32, 16, 16),
                    mlp(st, file, "encoder.global_encoder.mlp", Mlp.Activation.LEAKY_RELU, EMBED, 32, 16, 16),
                    mlp(st, file, "stage_policy_network.mlp_score", Mlp.Activation.TANH, FEATURES + 3 * EMBED, 64, 64, 1),
                    mlp(st, file, "exec_policy_network.mlp_score", Mlp.Activation.TANH, 3 + 2 * EMBED + 1, 64, 64, 1));
        }
    }

    private static Mlp mlp(SafetensorsFile st, Path file, String prefix, Mlp.Activation act, int in, int h1, int h2,
                           int out) {
        return new Mlp(act, layer(st, file, prefix + ".0", h1, in), layer(st, file, prefix + ".2", h2, h1),
                layer(st, file, prefix + ".4", out, h2));
    }

    private static Mlp.Layer layer(SafetensorsFile st, Path file, String prefix, int out, int in) {
        return new Mlp.Layer(out, in, values(st, file, prefix + ".weight", out, in), values(st, file, prefix + ".bias", out));
    }

    private static double[] values(SafetensorsFile st, Path file, String name, long... shape) {
        FloatTensor t = st.read(name);
        if (t == null) {
            throw new InvalidInputException("Decima weights file " + file + " has no tensor '" + name + "'");
        }
        long[] actual = t.shape();
        if (!java.util.Arrays.equals(actual, shape)) {
            throw new InvalidInputException("tensor '" + name + "' in " + file + " has shape "
                    + java.util.Arrays.toString(actual) + ", Decima needs " + java.util.Arrays.toString(shape));
        }
        float[] data = t.values();
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i]; // float32 widened exactly
        }
        return out;
    }
}
