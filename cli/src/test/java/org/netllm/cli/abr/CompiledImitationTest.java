package org.netllm.cli.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.netllm.cli.CliRun.netllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.cli.CliRun;
import org.netllm.controller.abr.AbrObservation;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.Video;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy;
import org.netllm.controller.abr.netllm.NetllmImitationPolicy.Inference;
import org.netllm.emulation.abr.AbrSession;
import org.netllm.emulation.abr.Trace;
import org.netllm.emulation.abr.TraceFiles;

/**
 * The compiled forward of an imitation model (six state tokens, causal, LoRA merged) answers as the engine's: every
 * logit of a tiny checkpoint that {@code abr adapt --objective expert} trained, over the states of validation
 * sessions, and the same level at every decision {@code abr latency} times; {@code load} serves it, behind a gate.
 */
class CompiledImitationTest {

    private static final Path DATA = org.netllm.cli.TestData.root();
    private static final String RECIPE = Path.of("../adaptation/recipes/abr-world.json").toString();

    @TempDir
    Path tmp;

    private Path tinyImitationModel() {
        Path model = tmp.resolve("model");
        CliRun adapt = netllm("abr", "adapt", "--objective", "expert", "--data-dir", DATA.toString(), "--world", RECIPE,
                "--backbone", "tiny", "--state", "ladder-relative", "--expert", "oracle-mpc:2", "--sessions", "3",
                "--valid-sessions", "1", "--steps", "4", "--validate-every", "4", "--batch", "4", "--out",
                model.toString());
        assertThat(adapt.exitCode()).as(adapt.err()).isZero();
        return model;
    }

    private Path validationTraces(int count) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("valid"));
        try (var files = Files.list(DATA.resolve("abr/traces/fcc-valid"))) {
            for (Path trace : files.sorted().limit(count).toList()) {
                Files.copy(trace, dir.resolve(trace.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void theCompiledImitationModelAnswersTheEnginesLogitsAndLevels() throws Exception {
        Path model = tinyImitationModel();
        Path traces = validationTraces(2);
        Video video = VideoLadder.read(DATA.resolve("abr/videos/envivio-dash3"), null);
        List<AbrObservation> states = new ArrayList<>();
        for (Trace trace : TraceFiles.readDirectory(traces)) {
            // BBA's sessions visit low and high buffers and every level, so the states are varied
            AbrSession.play(observation -> {
                states.add(observation);
                return Bba.PENSIEVE.chooseLevel(observation);
            }, new org.netllm.emulation.abr.AbrSimulator(trace, video, 1), video);
        }
        try (NetllmImitationPolicy policy = NetllmImitationPolicy.load(model)) {
            float[][] engine = policy.logits(states);
            policy.setInference(Inference.COMPILED, 2);
            assertThat(policy.inference()).isEqualTo(Inference.COMPILED);
            float[][] compiled = policy.logits(states);
            float[][] alone = policy.logits(states.subList(7, 8));
            for (int i = 0; i < states.size(); i++) {
                assertThat(compiled[i]).as("state %d", i).containsExactly(engine[i], offset(1e-4f));
            }
            assertThat(alone[0]).containsExactly(compiled[7], offset(1e-6f));
            // the logits move with the state, so agreeing is not agreeing on a constant
            assertThat(java.util.Arrays.stream(engine).map(r -> r[0]).distinct().count())
                    .isGreaterThan(states.size() / 2);
        }
        CliRun run = netllm("abr", "latency", "--data-dir", DATA.toString(), "--policy", "netllm:" + model,
                "--traces", traces.toString(), "--sessions", "2", "--warmup", "0", "--inference", "engine,compiled");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(imitation, compiled Java forward, LoRA merged, Vector API, 2 threads): 94 "
                + "decisions").contains("94 of 94 decisions the same level as engine's");

        // live: the load generator's players against a server deciding through the compiled imitation model
        CliRun load = netllm("load", "--data-dir", DATA.toString(), "--task", "abr", "--controller", "netllm:" + model,
                "--inference", "compiled", "--gate", "hold@consensus:robust-mpc", "--sessions", "2", "--pace", "x40",
                "--duration", "3", "--out", tmp.resolve("load").toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).contains("netllm:model|hold@consensus:robust-mpc").contains("lost 0  5xx 0")
                // counted over every policy instance the server made (one decides, another only checks content)
                .containsPattern("gate hold@consensus:robust-mpc: \\d+ of the policy's [1-9]\\d* decisions answered "
                        + "by the rule");
    }
}
