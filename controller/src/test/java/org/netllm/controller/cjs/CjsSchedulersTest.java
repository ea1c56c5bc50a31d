package org.netllm.controller.cjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;

class CjsSchedulersTest {

    @Test
    void everyBuiltInNameResolves() {
        CjsSchedulers registry = new CjsSchedulers(DecimaWeightsTest.published());
        assertThat(registry.resolveAll(CjsSchedulers.NAMES)).extracting(CjsScheduler::name)
                .containsExactlyElementsOf(CjsSchedulers.NAMES);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> new CjsSchedulers(DecimaWeightsTest.published()).resolve("graphene"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown scheduler 'graphene'")
                .hasMessageContaining("fifo, spark-fifo, fair, decima, decima-greedy");
        assertThatThrownBy(() -> new CjsSchedulers(DecimaWeightsTest.published()).resolve("netllm:default"))
                .hasMessageContaining("not available");
    }

    @Test
    void anExtensionResolvesPrefixedNames() {
        CjsScheduler fake = RoundRobin.fair();
        CjsSchedulers registry = new CjsSchedulers(DecimaWeightsTest.published(),
                name -> name.startsWith("netllm:") ? Optional.of(fake) : Optional.empty());
        assertThat(registry.resolveAll(List.of("netllm:default"))).containsExactly(fake);
    }
}
