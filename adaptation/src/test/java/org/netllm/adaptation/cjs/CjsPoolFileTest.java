package org.netllm.adaptation.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.controller.cjs.CjsObservation;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.EpsilonGreedy;
import org.netllm.controller.cjs.RoundRobin;
import org.netllm.emulation.cjs.CjsEpisode;
import org.netllm.emulation.cjs.CjsSeeds;
import org.netllm.emulation.cjs.CjsSimulator;
import org.netllm.emulation.cjs.TpchLibrary;
import org.netllm.errors.InvalidInputException;

class CjsPoolFileTest {

    @TempDir
    Path tmp;

    static TpchLibrary library() {
        String configured = System.getProperty("netllm.data.dir", System.getenv("NETLLM_DATA"));
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()
                .resolve("../shared/data").normalize();
        return new TpchLibrary(root.resolve("cjs/tpch"));
    }

    private static final List<CjsScheduler> SCHEDULERS = List.of(RoundRobin.fair(),
            new EpsilonGreedy(RoundRobin.fifo(), 0.3));

    private CjsCollector.Summary collect(Path file, int threads) {
        return CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, 12, 4, CjsSeeds.TRAINING_FIRST + 7),
                library(), threads, file, (a, b) -> { });
    }

    @Test
    void everyDecisionReadsBackAsTheSimulatorsObservation() throws Exception {
        Path file = tmp.resolve("pool.nlcp");
        CjsCollector.Summary summary = collect(file, 2);
        CjsExperiencePool pool = CjsPoolFile.read(file);
        assertThat(pool.schedulers()).containsExactly("fair", "fifo@eps=0.3");
        assertThat(pool.episodes()).hasSize(4);
        assertThat(pool.stepCount()).isEqualTo(summary.steps());
        assertThat(pool.episodes()).extracting(CjsExperiencePool.Episode::scheduler).containsExactly(0, 1, 0, 1);
        // Replay episode 1 and compare every observation, action and reward with the stored one.
        List<Object[]> live = new ArrayList<>();
        CjsEpisode.play(CjsEpisode.generated(CjsSeeds.TRAINING_FIRST + 8, 12, CjsSimulator.Config.of(10)), library(),
                SCHEDULERS.get(1), null, (obs, draws, action, reward) -> live.add(new Object[] {obs, action, reward}));
        List<CjsExperiencePool.Step> stored = pool.episodes().get(1).steps();
        assertThat(stored).hasSize(live.size());
        for (int k = 0; k < live.size(); k++) {
            assertSameObservation(stored.get(k).observation(), (CjsObservation) live.get(k)[0]);
            assertThat(stored.get(k).action()).isEqualTo(live.get(k)[1]);
            assertThat(stored.get(k).reward()).isEqualTo((double) live.get(k)[2]);
        }
        assertThat(stored).anyMatch(CjsExperiencePool.Step::explored).anyMatch(s -> !s.explored());
        assertThat(pool.episodes().get(0).steps()).noneMatch(CjsExperiencePool.Step::explored);
        double returned = stored.stream().mapToDouble(CjsExperiencePool.Step::reward).sum();
        assertThat(returned).isNegative();
    }

    @Test
    void streamingHandsOverTheSameEpisodesInOrder() {
        Path file = tmp.resolve("pool.nlcp");
        collect(file, 2);
        List<Long> seeds = new ArrayList<>();
        CjsExperiencePool header = CjsPoolFile.stream(file, e -> seeds.add(e.seed()));
        assertThat(header.episodes()).isEmpty();
        assertThat(header.schedulers()).containsExactly("fair", "fifo@eps=0.3");
        long first = CjsSeeds.TRAINING_FIRST + 7;
        assertThat(seeds).containsExactly(first, first + 1, first + 2, first + 3);
    }

    @Test
    void theFileDoesNotDependOnTheThreadCount() throws Exception {
        Path one = tmp.resolve("one.nlcp");
        Path two = tmp.resolve("two.nlcp");
        collect(one, 1);
        collect(two, 2);
        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
    }

    @Test
    void truncatedOrAlteredFilesAreRefused() throws Exception {
        Path file = tmp.resolve("pool.nlcp");
        collect(file, 2);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = tmp.resolve("cut.nlcp");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> CjsPoolFile.read(cut)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("truncated");
        Path version = tmp.resolve("v.nlcp");
        byte[] v = bytes.clone();
        v[5] = 9;
        Files.write(version, v);
        assertThatThrownBy(() -> CjsPoolFile.read(version)).hasMessageContaining("format version 9");
        Path other = tmp.resolve("other.nlcp");
        Files.writeString(other, "job,arrival_ms,query,size\n");
        assertThatThrownBy(() -> CjsPoolFile.read(other)).hasMessageContaining("not a CJS experience pool");
        Path flipped = tmp.resolve("flipped.nlcp");
        byte[] f = bytes.clone();
        f[bytes.length / 2] ^= 0x40;
        Files.write(flipped, f);
        assertThatThrownBy(() -> CjsPoolFile.read(flipped)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aFilteredPoolKeepsEachSeedsBestRolloutOfItsOwnJobs() throws Exception {
        Path plain = tmp.resolve("plain.nlcp");
        collect(plain, 2);
        Path best = tmp.resolve("best.nlcp");
        CjsCollector.Summary summary = CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, 12, 4,
                CjsSeeds.TRAINING_FIRST + 7, 3), library(), 2, best, (a, b) -> { });
        CjsExperiencePool one = CjsPoolFile.read(plain);
        CjsExperiencePool filtered = CjsPoolFile.read(best);
        assertThat(filtered.schedulers()).containsExactly("fair@best-of-3", "fifo@eps=0.3@best-of-3");
        assertThat(filtered.episodes()).hasSize(4);
        boolean improved = false;
        for (int i = 0; i < 4; i++) {
            var a = one.episodes().get(i);
            var b = filtered.episodes().get(i);
            assertThat(b.seed()).isEqualTo(a.seed());
            assertThat(b.jobs()).isEqualTo(a.jobs()); // the same jobs, only the draws differ
            assertThat(b.avgJctS()).isLessThanOrEqualTo(a.avgJctS()); // rollout 0 is the plain episode
            improved |= b.avgJctS() < a.avgJctS();
        }
        assertThat(improved).isTrue();
        for (String name : summary.meanAvgJctS().keySet()) {
            assertThat(summary.meanAvgJctS().get(name)).isLessThan(summary.meanRolloutAvgJctS().get(name));
        }
        Path again = tmp.resolve("again.nlcp");
        CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, 12, 4, CjsSeeds.TRAINING_FIRST + 7, 3),
                library(), 1, again, (a, b) -> { });
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(best));
    }

    @Test
    void rolloutZeroIsTheSeedsEpisodeAndOthersDrawDifferently() {
        long seed = CjsSeeds.TRAINING_FIRST + 7;
        CjsSimulator.Config config = CjsSimulator.Config.of(10);
        assertThat(CjsEpisode.rollout(seed, 12, config, 0)).isEqualTo(CjsEpisode.generated(seed, 12, config));
        CjsEpisode.Setup first = CjsEpisode.rollout(seed, 12, config, 1);
        CjsEpisode.Setup second = CjsEpisode.rollout(seed, 12, config, 2);
        assertThat(first.jobs()).isEqualTo(CjsEpisode.generated(seed, 12, config).jobs());
        assertThat(first.randomness()).isNotEqualTo(second.randomness())
                .isNotEqualTo(CjsEpisode.generated(seed, 12, config).randomness());
        assertThat(CjsEpisode.rollout(seed, 12, config, 1)).isEqualTo(first);
    }

    @Test
    void onlyTrainingSeedsAreCollected() {
        assertThatThrownBy(() -> CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, 12, 3,
                CjsSeeds.TEST_FIRST), library(), 1, tmp.resolve("p.nlcp"), (a, b) -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("training seeds only");
    }

    @Test
    void episodesWithoutJobsOrExecutorsAreRefused() {
        assertThatThrownBy(() -> CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, 0, 1,
                CjsSeeds.TRAINING_FIRST), library(), 1, tmp.resolve("p0.nlcp"), (a, b) -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessage("--jobs must be at least 1, got 0");
        assertThatThrownBy(() -> CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 10, -1, 1,
                CjsSeeds.TRAINING_FIRST), library(), 1, tmp.resolve("p1.nlcp"), (a, b) -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessage("--jobs must be at least 1, got -1");
        assertThatThrownBy(() -> CjsCollector.collect(new CjsCollector.Settings(SCHEDULERS, 0, 5, 1,
                CjsSeeds.TRAINING_FIRST), library(), 1, tmp.resolve("p2.nlcp"), (a, b) -> { }))
                .isInstanceOf(InvalidInputException.class).hasMessage("--executors must be at least 1, got 0");
        assertThat(tmp.resolve("p0.nlcp")).doesNotExist();
    }

    private static void assertSameObservation(CjsObservation a, CjsObservation b) {
        assertThat(a.decision()).isEqualTo(b.decision());
        assertThat(a.executors()).isEqualTo(b.executors());
        assertThat(a.committable()).isEqualTo(b.committable());
        assertThat(a.sourceJob()).isEqualTo(b.sourceJob());
        assertThat(a.jobIds()).isEqualTo(b.jobIds());
        assertThat(a.supplies()).isEqualTo(b.supplies());
        assertThat(a.jobStart()).isEqualTo(b.jobStart());
        assertThat(a.stageIds()).isEqualTo(b.stageIds());
        assertThat(a.remainingTasks()).isEqualTo(b.remainingTasks());
        assertThat(a.recentDurationMs()).isEqualTo(b.recentDurationMs());
        assertThat(a.edgeParents()).isEqualTo(b.edgeParents());
        assertThat(a.edgeChildren()).isEqualTo(b.edgeChildren());
        assertThat(a.schedulable()).isEqualTo(b.schedulable());
    }
}
