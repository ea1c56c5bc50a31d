package org.netllm.adapt.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.netllm.adapt.AdaptationMode;
import org.netllm.adapt.encoder.EncoderSettings;
import org.netllm.adapt.encoder.InputSpec;
import org.netllm.adapt.encoder.MultimodalEncoder;
import org.netllm.adapt.head.HeadSpec;
import org.netllm.adapt.head.NetworkingHead;
import org.netllm.adapt.model.ReturnConditionedAdapter;
import org.netllm.adapt.model.ReturnConditioning;
import org.netllm.adapt.rl.Trajectory;
import org.netllm.adapt.rl.TrajectoryWindows;
import org.netllm.adapt.train.AdaptationTrainer;
import org.netllm.adapt.train.TrainingConfig;
import org.netllm.backbone.BackboneOptions;
import org.netllm.backbone.Backbones;
import org.netllm.backbone.LoraConfig;

/**
 * Training-step time and peak memory of one adaptation mode on an ABR-shaped batch: 8 windows of 10 steps,
 * 8 tokens per step (return, six state tokens as NetLLM's ABR task has them, action). Run one mode per JVM so
 * that the peak resident set belongs to that mode: {@code bench/training-step.sh}.
 *
 * <p>Arguments: {@code MODE [MODEL] [STEPS]}, MODE one of LORA, FULL, FROZEN; MODEL defaults to minilm.
 */
public final class TrainingStepBenchmark {

    public static void main(String[] args) throws IOException {
        AdaptationMode mode = AdaptationMode.valueOf(args.length > 0 ? args[0] : "LORA");
        String modelName = args.length > 1 ? args[1] : "minilm";
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int warmup = 2;
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            var options = BackboneOptions.pretrained();
            if (mode.usesLora()) {
                options = options.withLora(LoraConfig.ofRank(128, 1)); // NetLLM's ABR rank
            }
            var backbone = Backbones.load(modelName, options, manager);
            var encoder = new MultimodalEncoder(List.of(
                    InputSpec.scalar("last_bitrate", 1), InputSpec.scalar("buffer", 1),
                    InputSpec.sequence("throughputs", 1, 6), InputSpec.sequence("download_times", 1, 6),
                    InputSpec.sequence("next_chunk_sizes", 1, 6), InputSpec.scalar("chunks_left", 1)),
                    backbone.spec().hiddenSize(), EncoderSettings.defaults());
            var model = new ReturnConditionedAdapter(encoder, backbone, NetworkingHead.of(new HeadSpec.Categorical(6)),
                    new ReturnConditioning(10, 100, 10)).initialize(manager);
            var random = new Random(1);
            var trajectories = new java.util.ArrayList<Trajectory>();
            for (int e = 0; e < 20; e++) {
                var b = Trajectory.builder(new int[] {1, 1, 6, 6, 6, 1}, 1);
                for (int t = 0; t < 48; t++) {
                    b.add(List.of(vec(random, 1), vec(random, 1), vec(random, 6), vec(random, 6), vec(random, 6),
                            vec(random, 1)), new float[] {random.nextInt(6)}, random.nextGaussian());
                }
                trajectories.add(b.build());
            }
            var data = new TrajectoryWindows(trajectories, encoder.arrayShapes(), 1, model.conditioning());
            var config = TrainingConfig.builder(warmup, 8).accumulation(1).learningRate(1e-4).weightDecay(1e-4)
                    .warmupSteps(0).clipNorm(0.25).seed(1).validateEvery(0).progress(false).build();
            var trainer = new AdaptationTrainer(model, mode, config, manager);
            trainer.train(data, null);
            var timed = new AdaptationTrainer(model, mode,
                    TrainingConfig.builder(steps, 8).accumulation(1).learningRate(1e-4).weightDecay(1e-4)
                            .warmupSteps(0).clipNorm(0.25).seed(1).validateEvery(0).progress(false).build(), manager);
            long start = System.nanoTime();
            timed.train(data, null);
            double perStep = (System.nanoTime() - start) / 1e9 / steps;
            var counts = timed.parameterCounts();
            System.out.printf("mode=%s model=%s tokens/window=%d trainable=%d total=%d s/step=%.3f peakRssMiB=%d "
                            + "heapUsedMiB=%d%n", mode, modelName, 10 * model.tokensPerStep(), counts.trainable(), counts.total(),
                    perStep, peakRssKiB() / 1024,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    private static float[] vec(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }

    /** Peak resident set of this process (JVM heap and native tensors alike), from Linux's VmHWM. */
    private static long peakRssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
