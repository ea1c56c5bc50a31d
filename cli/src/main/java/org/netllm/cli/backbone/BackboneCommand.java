package org.netllm.cli.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.netllm.backbone.Backbone;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.BackboneSpec;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;
import org.netllm.backbone.transformer.Architecture;
import org.netllm.backbone.transformer.TransformerBackbone;
import org.netllm.cli.FixedChoice;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netllm backbone}: inspect and run the pretrained language models NetLLM adapts. */
@Command(name = "backbone", mixinStandardHelpOptions = true,
        description = "Inspect and run the pretrained backbones (bge-small, minilm, or a Hugging Face checkpoint directory).",
        subcommands = {BackboneCommand.Info.class, BackboneCommand.Forward.class})
public final class BackboneCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands: which model, which weights, which device. */
    static final class ModelOptions {

        @Option(names = "--model", defaultValue = Backbones.BGE_SMALL,
                description = "bge-small (default), minilm, or a directory with config.json and model.safetensors "
                        + "(GPT-2, OPT, Llama, Mistral, Qwen2).")
        String model;

        @Option(names = "--random-weights", paramLabel = "SEED",
                description = "Use random weights drawn with SEED instead of the pretrained ones (ablation).")
        Long randomSeed;

        /** {@code --device}'s choices; cuda is another name for gpu. */
        enum Device { CPU, GPU, CUDA }

        static final class DeviceChoice extends FixedChoice<Device> {
            DeviceChoice() {
                super(Device.class);
            }
        }

        @Option(names = "--device", defaultValue = "cpu", converter = DeviceChoice.class,
                description = "cpu (default) or gpu.")
        Device device;

        BackboneOptions options() {
            BackboneOptions options = randomSeed == null ? BackboneOptions.pretrained()
                    : BackboneOptions.random(randomSeed);
            return switch (device) {
                case CPU -> options;
                case GPU, CUDA -> options.on(BackboneOptions.DeviceChoice.GPU);
            };
        }
    }

    /** {@code netllm backbone info}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a backbone's architecture and parameter counts.")
    static final class Info implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model;

        @Option(names = "--lora-rank", paramLabel = "R", defaultValue = "0",
                description = "Add LoRA adapters of rank R to count trainable parameters (0: none).")
        int loraRank;

        @Option(names = "--lora-targets", split = ",", paramLabel = "MODULE",
                description = "Modules LoRA adapts (default q,v: the query and value projections).")
        Set<String> loraTargets;

        @Override
        public void run() {
            BackboneOptions options = model.options();
            if (loraRank > 0) {
                options = options.withLora(new LoraConfig(loraRank, 2f * loraRank, 0f,
                        loraTargets == null ? LoraConfig.QUERY_VALUE : loraTargets, 0));
            }
            PrintWriter out = spec.commandLine().getOut();
            try (NDManager manager = NDManager.newBaseManager()) {
                Backbone backbone = Backbones.load(model.model, options, manager);
                BackboneSpec s = backbone.spec();
                out.printf("model        %s%n", s.id());
                out.printf("family       %s%n", s.family());
                if (backbone instanceof TransformerBackbone tb) {
                    Architecture a = tb.architecture();
                    out.printf("width d      %d%n", a.hiddenSize());
                    out.printf("layers       %d%n", a.layers());
                    out.printf("heads        %d query, %d key/value, head dim %d%n", a.heads(), a.kvHeads(), a.headDim());
                    out.printf("feed-forward %d (%s, %s)%n", a.intermediateSize(), a.mlp().name().toLowerCase(Locale.ROOT),
                            a.activation().name().toLowerCase(Locale.ROOT));
                    out.printf("norm         %s, %s, eps %s%n", a.norm().name().toLowerCase(Locale.ROOT),
                            a.layout().name().toLowerCase(Locale.ROOT).replace('_', '-'), a.normEps());
                    out.printf("positions    %s%n", a.position() == Architecture.Position.LEARNED
                            ? "learned, " + (a.maxPositions() - a.positionOffset()) + " positions"
                            : "rotary, theta " + a.rotary().orElseThrow().theta() + ", scaling "
                                    + a.rotary().orElseThrow().scaling());
                    out.printf("vocabulary   %d%n", a.vocabSize());
                }
                out.printf("attention    %s (as used by NetLLM)%n", s.causal() ? "causal" : "bidirectional");
                out.printf("LoRA targets %s%n", String.join(", ", backbone.loraTargetableModules()));
                out.printf("parameters   %s%n", backbone.parameterCounts());
                out.printf("weights      %s%n", backbone.weightsSha256());
            }
        }
    }

    /** {@code netllm backbone forward}. */
    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = "Run token ids through a backbone (HF semantics: causal for decoders, bidirectional with "
                    + "token type 0 for the BERT encoders) and write the last hidden states as a [T, d] float32 .npy.")
    static final class Forward implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model;

        @Option(names = "--tokens", required = true, split = ",", paramLabel = "ID",
                description = "Token ids, comma-separated (e.g. 101,7592,102).")
        long[] tokens;

        @Option(names = "--out", paramLabel = "FILE.npy", description = "Write the hidden states here.")
        Path out;

        @Override
        public void run() {
            CommandLine cmd = spec.commandLine();
            BackboneOptions options = model.options();
            boolean bert = Backbones.embeddedNames().contains(model.model);
            if (bert) {
                options = options.withAttention(BackboneOptions.Attention.BIDIRECTIONAL);
            }
            PrintWriter printer = cmd.getOut();
            try (NDManager manager = NDManager.newBaseManager()) {
                Backbone backbone = Backbones.load(model.model, options, manager);
                checkTokens(cmd, backbone);
                try (NDManager step = manager.newSubManager()) {
                    NDArray ids = step.create(new long[][] {tokens});
                    long start = System.nanoTime();
                    NDArray hidden = backbone.forward(new ParameterStore(step, false),
                            new NDList(backbone.embedTokens(ids)), false).head();
                    float[] values = hidden.toFloatArray();
                    double millis = (System.nanoTime() - start) / 1e6;
                    int d = backbone.spec().hiddenSize();
                    printer.printf("%s (%s, %s): hidden states [%d, %d] in %.1f ms%n", backbone.spec().id(),
                            backbone.spec().family(), backbone.spec().causal() ? "causal" : "bidirectional",
                            tokens.length, d, millis);
                    printer.printf("mean %.6f  std %.6f  first row [%s]%n", mean(values), std(values),
                            firstValues(values, Math.min(d, 5)));
                    if (out != null) {
                        try {
                            NpyFile.writeFloat32(out, values, tokens.length, d);
                        } catch (IOException e) {
                            throw new InvalidInputException("cannot write --out " + out + ": " + e.getMessage()
                                    + " (check the directory exists and is writable)", e);
                        }
                        printer.printf("wrote %s%n", out);
                    }
                }
            }
        }

        private void checkTokens(CommandLine cmd, Backbone backbone) {
            if (tokens.length == 0) {
                throw new CommandLine.ParameterException(cmd, "--tokens needs at least one token id");
            }
            if (backbone instanceof TransformerBackbone tb) {
                Architecture a = tb.architecture();
                for (long id : tokens) {
                    if (id < 0 || id >= a.vocabSize()) {
                        throw new CommandLine.ParameterException(cmd, "--tokens: id " + id + " is outside the "
                                + "vocabulary of " + backbone.spec().id() + " [0, " + a.vocabSize() + ")");
                    }
                }
                int positions = a.maxPositions() - a.positionOffset();
                if (a.position() == Architecture.Position.LEARNED && tokens.length > positions) {
                    throw new CommandLine.ParameterException(cmd, "--tokens: " + tokens.length + " tokens, but "
                            + backbone.spec().id() + " has " + positions + " positions");
                }
            }
        }

        private static double mean(float[] v) {
            double s = 0;
            for (float x : v) {
                s += x;
            }
            return s / v.length;
        }

        private static double std(float[] v) {
            double m = mean(v);
            double s = 0;
            for (float x : v) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / v.length);
        }

        private static String firstValues(float[] v, int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", v[i]));
            }
            return b.append(", ...").toString();
        }
    }
}
