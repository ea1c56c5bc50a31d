package org.netllm.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoadStatsTest {

    @Test
    void roundTripPercentilesInterpolateBetweenDecisionsAsEveryTableDoes() {
        LoadStats stats = new LoadStats();
        for (int ms = 100; ms >= 1; ms--) {
            stats.decided("policy", ms * 1_000_000L);
        }
        LoadReport report = stats.report("abr", "bba", 1, Pace.parse("realtime"), "none", 1.0);
        // 1..100 ms: rank q * 99 between order statistics (nearest rank said 50, 99 and 100 ms)
        assertThat(report.p50Ms()).isCloseTo(50.5, within(1e-9));
        assertThat(report.p99Ms()).isCloseTo(99.01, within(1e-9));
        assertThat(report.p999Ms()).isCloseTo(99.901, within(1e-9));
    }

    @Test
    void theCsvRowIsAPlainJoinAndQuotesAPolicyNamedWithAComma() {
        LoadStats stats = new LoadStats();
        stats.decided("policy", 2_000_000L);
        assertThat(stats.report("abr", "bba", 3, Pace.parse("x10"), "none", 2.0).csv())
                .isEqualTo("abr,bba,3,x10.0,none,0,1,1,0,0,2.000,0.500,2.000,2.000,2.000");
        assertThat(stats.report("abr", "netllm:models/a,b", 3, Pace.parse("x10"), "none", 2.0).csv())
                .startsWith("abr,\"netllm:models/a,b\",3,");
    }
}
