package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.netllm.errors.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class InferenceOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        InferenceOptions inference;
    }

    private static InferenceOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.inference;
    }

    @Test
    void engineIsTheDefaultAndCompiledIsAccepted() {
        assertThatCode(() -> parse().check()).doesNotThrowAnyException();
        assertThatCode(() -> parse("--inference", "compiled", "--compiled-threads", "1").check())
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownPathOrNoThreadsIsAUserErrorNamingTheChoices() {
        assertThatThrownBy(() -> parse("--inference", "onnx").check()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use engine or compiled");
        assertThatThrownBy(() -> parse("--inference", "compiled", "--compiled-threads", "0").check())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--compiled-threads");
    }
}
