package org.netllm.adaptation.abr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.AbrPolicies;
import org.netllm.emulation.abr.AbrEvaluation;
import org.netllm.controller.abr.ChunkDownload;
import org.netllm.controller.abr.QoeModel;
import org.netllm.controller.abr.Video;
import org.netllm.emulation.abr.AbrSimulator;
import org.netllm.emulation.abr.OfflineOptimal;
import org.netllm.emulation.abr.SessionResult;
import org.netllm.emulation.abr.Trace;

class ExperienceCollectorTest {

    private static final List<Trace> TRACES = TestData.traces("fcc-train", 10);
    private static final Video VIDEO = TestData.envivio();

    private static ExperienceCollector.Plan plan(long seed, int episodes) {
        return new ExperienceCollector.Plan(
                List.of(new AbrEvaluation.Online(AbrPolicies.byName("bba")), new AbrEvaluation.Online(AbrPolicies.byName("rate@eps=0.2")), new AbrEvaluation.Online(AbrPolicies.byName("mpc"))),
                TRACES, VIDEO, episodes, seed);
    }

    private static byte[] bytes(ExperiencePool pool) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExperiencePoolFile.write(pool, out);
        return out.toByteArray();
    }

    @Test
    void collectionIsIdenticalForAnyThreadCount() throws IOException {
        byte[] one = bytes(ExperienceCollector.collect(plan(5L, 12), 1, (d, t) -> { }));
        byte[] two = bytes(ExperienceCollector.collect(plan(5L, 12), 2, (d, t) -> { }));
        byte[] five = bytes(ExperienceCollector.collect(plan(5L, 12), 5, (d, t) -> { }));
        assertThat(two).isEqualTo(one);
        assertThat(five).isEqualTo(one);
    }

    @Test
    void anotherSeedGivesAnotherPool() throws IOException {
        byte[] a = bytes(ExperienceCollector.collect(plan(5L, 6), 2, (d, t) -> { }));
        byte[] b = bytes(ExperienceCollector.collect(plan(6L, 6), 2, (d, t) -> { }));
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void policiesTakeTurnsAndEveryEpisodeIsAWholeSession() {
        AtomicInteger reported = new AtomicInteger();
        ExperiencePool pool = ExperienceCollector.collect(plan(9L, 7), 2, (done, total) -> reported.accumulateAndGet(done, Math::max));
        assertThat(reported.get()).isEqualTo(7);
        assertThat(pool.episodes()).extracting(Episode::policy).containsExactly(0, 1, 2, 0, 1, 2, 0);
        assertThat(pool.policies()).containsExactly("bba", "rate@eps=0.2", "mpc");
        for (Episode e : pool.episodes()) {
            assertThat(e.downloads()).hasSize(48);
            assertThat(e.downloads().get(0).level()).isZero();
            assertThat(e.startPointer()).isBetween(1, TRACES.get(e.trace()).length() - 1);
        }
    }

    @Test
    void rewardsAreEachDecisionsChunkQoe() {
        ExperiencePool pool = ExperienceCollector.collect(plan(3L, 3), 1, (d, t) -> { });
        Episode e = pool.episodes().get(0);
        List<ChunkDownload> chunks = e.downloads();
        for (int step = 0; step < e.steps(); step++) {
            int k = step + 1;
            double expected = VIDEO.bitrateMbps(chunks.get(k).level()) - 4.3 * chunks.get(k).rebufferMs() / 1000.0
                    - Math.abs(VIDEO.bitrateMbps(chunks.get(k).level()) - VIDEO.bitrateMbps(chunks.get(k - 1).level()));
            assertThat(e.reward(step)).isCloseTo(expected, within(1e-5));
            assertThat(e.action(step)).isEqualTo(chunks.get(k).level());
            assertThat(e.observation(step, VIDEO).nextChunk()).isEqualTo(k);
        }
        double sessionQoe = SessionResult.score(chunks, VIDEO, QoeModel.LINEAR).qoe();
        assertThat(e.totalReward() / e.steps()).isCloseTo(sessionQoe, within(1e-5));
    }

    @Test
    void everyDownloadDelayCarriesTrainingNoise() {
        ExperiencePool pool = ExperienceCollector.collect(plan(21L, 6), 2, (d, t) -> { });
        for (Episode e : pool.episodes()) {
            // chunk 0 is level 0 with no decision: the noise-free replay from the same start is exact for it
            Trace trace = TRACES.get(e.trace());
            ChunkDownload clean = new AbrSimulator(trace, VIDEO, e.startPointer()).download(0);
            double ratio = e.downloads().get(0).delayMs() / clean.delayMs();
            assertThat(ratio).isBetween(0.9, 1.1).isNotCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void optimalActsByTheOfflinePlanForItsEpisodesTraceAndStart() {
        ExperienceCollector.Plan plan = new ExperienceCollector.Plan(List.of(new AbrEvaluation.Optimal()), TRACES, VIDEO,
                2, 8L);
        ExperiencePool pool = ExperienceCollector.collect(plan, 2, (d, t) -> { });
        assertThat(pool.policies()).containsExactly("optimal");
        for (Episode e : pool.episodes()) {
            int[] planned = OfflineOptimal.solve(TRACES.get(e.trace()), VIDEO, e.startPointer()).levels();
            assertThat(e.downloads()).extracting(ChunkDownload::level).containsExactly(
                    java.util.Arrays.stream(planned).boxed().toArray(Integer[]::new));
        }
    }
}
