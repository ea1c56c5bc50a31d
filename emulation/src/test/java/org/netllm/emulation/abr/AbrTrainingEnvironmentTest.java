package org.netllm.emulation.abr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netllm.controller.abr.Bba;
import org.netllm.controller.abr.Video;

class AbrTrainingEnvironmentTest {

    private static List<Double> qoes(List<Trace> traces, Video video, long seed, Set<String> starts) {
        AbrTrainingEnvironment environment = new AbrTrainingEnvironment(traces, video, seed);
        List<Double> qoes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AbrTrainingEnvironment.Episode episode = environment.nextEpisode();
            starts.add(episode.trace().name() + "@" + episode.startPointer());
            assertThat(episode.startPointer()).isBetween(1, episode.trace().length() - 1);
            qoes.add(episode.play(Bba.PENSIEVE, video).qoe());
        }
        return qoes;
    }

    @Test
    void episodesAreTheSameForASeedAndDifferForAnother() {
        Video video = DataSets.envivio();
        List<Trace> traces = DataSets.traces("fcc-test", 10);
        Set<String> starts = new HashSet<>();
        List<Double> first = qoes(traces, video, 1, starts);
        assertThat(qoes(traces, video, 1, new HashSet<>())).isEqualTo(first);
        assertThat(qoes(traces, video, 2, new HashSet<>())).isNotEqualTo(first);
        assertThat(starts).hasSizeGreaterThan(6);
    }

    @Test
    void episodeDelaysCarryNoiseAroundTheTestModeSession() {
        Video video = DataSets.envivio();
        AbrTrainingEnvironment environment = new AbrTrainingEnvironment(DataSets.traces("fcc-test", 5), video, 3);
        AbrTrainingEnvironment.Episode episode = environment.nextEpisode();
        double noisy = episode.simulator().download(0).delayMs();
        double clean = new AbrSimulator(episode.trace(), video, episode.startPointer()).download(0).delayMs();
        assertThat(noisy / clean).isBetween(0.9, 1.1).isNotEqualTo(1.0);
    }
}
