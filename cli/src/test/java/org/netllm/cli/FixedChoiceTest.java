package org.netllm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.netllm.adapt.AdaptationMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class FixedChoiceTest {

    static final class ModeChoice extends FixedChoice<AdaptationMode> {
        ModeChoice() {
            super(AdaptationMode.class);
        }
    }

    @Command(name = "adapt", mixinStandardHelpOptions = true)
    static final class Adapt implements Runnable {
        @Option(names = "--mode", defaultValue = "lora", converter = ModeChoice.class, completionCandidates = ModeChoice.class,
                description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        AdaptationMode mode;

        @Override
        public void run() {
        }
    }

    private static AdaptationMode parse(String... args) {
        Adapt adapt = new Adapt();
        new CommandLine(adapt).parseArgs(args);
        return adapt.mode;
    }

    @Test
    void aChoiceIsSpelledInLowerCaseWithDashes() {
        assertThat(FixedChoice.spelling(AdaptationMode.RANDOM_INIT)).isEqualTo("random-init");
        assertThat(FixedChoice.spellings(AdaptationMode.class)).containsExactly("lora", "frozen", "full", "random-init");
    }

    @Test
    void everyEarlierSpellingStillParsesWhateverItsCase() {
        assertThat(parse()).isEqualTo(AdaptationMode.LORA);
        assertThat(parse("--mode", "random-init")).isEqualTo(AdaptationMode.RANDOM_INIT);
        assertThat(parse("--mode", "Frozen")).isEqualTo(AdaptationMode.FROZEN);
        assertThat(parse("--mode", " full ")).isEqualTo(AdaptationMode.FULL);
    }

    @Test
    void aValueOutsideTheSetIsOneMessageNamingTheChoicesAndExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Adapt()).setErr(new PrintWriter(err));
        int code = Main.execute(cli, "--mode", "lorra");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("netllm: Invalid value for option '--mode': 'lorra' is not one of lora, "
                + "frozen, full, random-init" + System.lineSeparator()).doesNotContain("Exception");
    }

    @Test
    void theHelpListsTheChoicesAsTheyAreSpelled() {
        String help = new CommandLine(new Adapt()).getUsageMessage();
        assertThat(help).contains("One of lora, frozen, full, random-init (default: lora).");
    }
}
