package org.netllm.cli.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.netllm.controller.cjs.CjsScheduler;
import org.netllm.controller.cjs.CjsSchedulers;
import org.netllm.controller.cjs.learned.NetllmCjsScheduler;
import org.netllm.emulation.cjs.Lookahead;
import org.netllm.errors.InvalidInputException;

class CjsSchedulerRegistryTest {

    private final CjsSchedulers schedulers = CjsSchedulerRegistry.of(org.netllm.cli.TestData.root().resolve("cjs"));

    @Test
    void targetSuffixOverridesTheCheckpointsTargetInEitherOrderWithTheDecoding() {
        NetllmCjsScheduler saved = adapted("netllm:default");
        NetllmCjsScheduler first = adapted("netllm:default@target=-0.8@sampled");
        NetllmCjsScheduler last = adapted("netllm:default@greedy@target=-1.25");

        assertThat(saved.targetReturn()).isEqualTo(-0.05);
        assertThat(saved.choice()).isEqualTo(NetllmCjsScheduler.Choice.SAMPLED);
        assertThat(first.targetReturn()).isEqualTo(-0.8);
        assertThat(first.choice()).isEqualTo(NetllmCjsScheduler.Choice.SAMPLED);
        assertThat(last.targetReturn()).isEqualTo(-1.25);
        assertThat(last.choice()).isEqualTo(NetllmCjsScheduler.Choice.GREEDY);
        assertThat(first.name()).isEqualTo("netllm:default@target=-0.8@sampled");
    }

    @Test
    void aTargetThatIsNotANumberIsAUserErrorWithAnExample() {
        assertThatThrownBy(() -> schedulers.resolve("netllm:default@target=low"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("target return 'low' is not a finite number")
                .hasMessageContaining("netllm:default@target=-0.8");
    }

    @Test
    void temperatureSuffixSamplesAtThatTemperatureInAnyOrderWithTheTarget() {
        NetllmCjsScheduler before = adapted("netllm:default@temperature=0.5@target=-0.8");
        NetllmCjsScheduler after = adapted("netllm:default@target=-0.8@temperature=0.25");

        // The committed default samples at the temperature its checkpoint records, chosen on validation.
        assertThat(adapted("netllm:default").temperature()).isEqualTo(0.5);
        assertThat(adapted("netllm:default@greedy").choice()).isEqualTo(NetllmCjsScheduler.Choice.GREEDY);
        assertThat(before.temperature()).isEqualTo(0.5);
        assertThat(before.targetReturn()).isEqualTo(-0.8);
        assertThat(before.choice()).isEqualTo(NetllmCjsScheduler.Choice.SAMPLED);
        assertThat(after.temperature()).isEqualTo(0.25);
        assertThat(after.targetReturn()).isEqualTo(-0.8);
    }

    @Test
    void aTemperatureThatIsNotPositiveOrComesWithGreedyIsAUserError() {
        for (String bad : new String[] {"0", "-1", "warm", "NaN"}) {
            assertThatThrownBy(() -> schedulers.resolve("netllm:default@temperature=" + bad))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("temperature '" + bad + "' is not a positive finite number")
                    .hasMessageContaining("netllm:default@temperature=0.5");
        }
        assertThatThrownBy(() -> schedulers.resolve("netllm:default@temperature=0.5@greedy"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("@greedy and a @temperature");
    }

    @Test
    void lookaheadNamesGiveTheTeacherWithItsSettingsAndAListKeepsTheirCommas() {
        CjsScheduler teacher = schedulers.resolve("decima+lookahead:3,end,2@rest");
        assertThat(teacher).isInstanceOf(Lookahead.class);
        assertThat(((Lookahead) teacher).settings()).isEqualTo(
                new Lookahead.Settings(3, Lookahead.TO_THE_END, 2, Lookahead.Cost.REST));
        assertThat(((Lookahead) schedulers.resolve("decima+lookahead:4,50,1")).settings())
                .isEqualTo(new Lookahead.Settings(4, 50, 1, Lookahead.Cost.WINDOW));
        assertThat("fair,decima+lookahead:3,20,2,decima,decima+lookahead:2,end,1@rest"
                .split(CjsSchedulerRegistry.LIST_SPLIT)).containsExactly("fair", "decima+lookahead:3,20,2", "decima",
                "decima+lookahead:2,end,1@rest");
    }

    @Test
    void aMalformedLookaheadOrALiveLookaheadIsAUserError() {
        for (String bad : new String[] {"decima+lookahead:3,20", "decima+lookahead:3,x,2", "decima+lookahead:0,20,2"}) {
            assertThatThrownBy(() -> schedulers.resolve(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("decima+lookahead:3,50,2");
        }
        assertThatThrownBy(() -> CjsSchedulerRegistry.live(schedulers.resolve("decima+lookahead:3,20,2"), "--scheduler"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("offline only");
    }

    private NetllmCjsScheduler adapted(String name) {
        CjsScheduler scheduler = schedulers.resolve(name);
        assertThat(scheduler).isInstanceOf(NetllmCjsScheduler.class);
        return (NetllmCjsScheduler) scheduler;
    }
}
