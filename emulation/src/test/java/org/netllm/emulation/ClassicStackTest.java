package org.netllm.emulation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The simulators and classic controllers stand alone: nothing of the adaptation stack is on their classpath. */
class ClassicStackTest {

    @Test
    void neitherDjlNorTheEngineIsOnTheEmulationClasspath() {
        assertThatThrownBy(() -> Class.forName("ai.djl.ndarray.NDManager")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.netllm.adapt.model.AdaptedModel"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
